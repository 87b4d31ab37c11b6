"""Celery application: broker and schedule come from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")

app = Celery("siko_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# One JSON log line and metrics per finished task (siko_portal.observability); arguments are never logged.
def _connect_observability() -> None:
    from celery.signals import task_postrun, task_prerun

    from siko_portal import observability

    task_prerun.connect(observability.task_prerun, weak=False)
    task_postrun.connect(observability.task_postrun, weak=False)


_connect_observability()
