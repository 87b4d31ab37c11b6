"""Periodic content tasks."""

from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=True)
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's command)."""
    call_command("publish_scheduled")
