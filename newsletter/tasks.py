"""Newsletter tasks: thin wrappers around newsletter.services; all take ids and are idempotent."""

import random

from celery import shared_task
from django.conf import settings


@shared_task(acks_late=True, reject_on_worker_lost=True)
def wochenlauf() -> str:
    """Beat, every 15 minutes: resume interrupted sends, then start this week's issue when its slot is due."""
    from . import services

    services.ausgaben_resume()
    return services.wochenlauf_run()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def versand_koordinieren(ausgabe_id: int) -> int:
    """Create the delivery rows for every active recipient, then enqueue one task per chunk of ids.

    Running it again (redelivery, beat resume) only enqueues what is still open; chunks claim rows, so
    duplicated chunks cannot send twice.
    """
    from . import services
    from .models import Ausgabe, AusgabeStatus

    ausgabe = Ausgabe.objects.filter(pk=ausgabe_id, status=AusgabeStatus.WIRD_VERSENDET).first()
    if ausgabe is None:
        return 0
    services.zustellungen_create(ausgabe=ausgabe)
    chunks = services.zustellungen_open_chunks(ausgabe_id=ausgabe_id)
    for ids in chunks:
        versand_chunk.delay(ausgabe_id, ids)
    if not chunks:
        services.ausgabe_finish_if_done(ausgabe_id=ausgabe_id)
    return len(chunks)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=8)
def versand_chunk(self, ausgabe_id: int, ids: list[int]) -> dict:
    """Send one chunk over one SMTP connection; temporary SMTP trouble → retry with exponential backoff."""
    from . import services

    worker = f"{self.request.hostname or 'eager'}:{self.request.id or ''}"
    try:
        result = services.zustellungen_send_chunk(ausgabe_id=ausgabe_id, ids=ids, worker=worker)
    except services.TemporarySendError as exc:
        if self.request.is_eager and self.request.retries < self.max_retries:
            # Eager (tests, demo without Redis): retry at once instead of raising Retry to the caller.
            self.request.retries += 1
            return versand_chunk.run(ausgabe_id, ids)
        countdown = min(settings.NEWSLETTER_CLAIM_TIMEOUT, 15 * 2**self.request.retries) + random.randint(
            0, 10
        )
        raise self.retry(exc=exc, countdown=countdown)
    services.ausgabe_finish_if_done(ausgabe_id=ausgabe_id)
    return {"sent": result.sent, "failed": result.failed, "skipped": result.skipped}
