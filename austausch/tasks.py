"""Celery tasks of the board: thin, idempotent, by id."""

from celery import shared_task


@shared_task
def apply_retention() -> dict:
    """Archive and clean up old threads (the service audits the run and notifies the Geschäftsstelle)."""
    from .services import themen_apply_retention

    return themen_apply_retention()
