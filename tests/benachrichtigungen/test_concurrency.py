"""Two workers at once (threads with their own PostgreSQL connections): still one row and one email each."""

import threading

import pytest
from django.core import mail
from django.db import connection

from benachrichtigungen import services
from benachrichtigungen.models import Benachrichtigung
from benachrichtigungen.tasks import send_emails

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _twice_at_once(func) -> list:
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(func())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


def test_concurrent_calls_and_sends_deliver_once(user_factory):
    people = [user_factory() for _ in range(5)]
    mail.outbox.clear()
    # Outside a test transaction the emails are sent right away (eager tasks): both threads try.
    _twice_at_once(
        lambda: services.benachrichtigen(
            empfaenger=people,
            ereignis_schluessel="test.parallel:1",
            titel="Parallel",
            link="/benachrichtigungen/",
        )
    )
    assert Benachrichtigung.objects.filter(ereignis_schluessel="test.parallel:1").count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    # A redelivered task on two workers finds every row claimed.
    ids = list(Benachrichtigung.objects.values_list("pk", flat=True))
    assert _twice_at_once(lambda: send_emails(ids)) == [0, 0]
    assert len(mail.outbox) == 5
