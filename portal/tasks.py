"""Periodic content tasks and beat's heartbeat."""

import logging

from celery import shared_task
from django.core.management import call_command

logger = logging.getLogger(__name__)
# Time of the last heartbeat (ISO 8601), reported by /health/.
HEARTBEAT_CACHE_KEY = "betrieb:beat-heartbeat"


@shared_task(ignore_result=True)
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's command)."""
    call_command("publish_scheduled")


@shared_task(ignore_result=True)
def beat_heartbeat() -> str:
    """Note that beat scheduled and a worker ran this (log line and cache entry, see docs/betrieb.md)."""
    from django.core.cache import cache
    from django.utils import timezone

    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, now, timeout=None)
    logger.info("Beat-Heartbeat ausgeführt")
    return now
