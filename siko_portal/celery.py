"""Celery application: broker and schedule come from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")

app = Celery("siko_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
