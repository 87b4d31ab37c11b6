"""Sending: approval gate, recipients, permission-aware digests, failures, retries, exactly-once rows."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from newsletter import services
from newsletter.digest import CLASSIFIED_TITLE
from newsletter.models import Ausgabe, AusgabeStatus, NewsletterEinstellung, Zustellung, ZustellungStatus

from .conftest import ONLY_A_TITLE, PUBLIC_TITLE, SECRET_VSNFD_TITLE, VERKEHR_TITLE

pytestmark = pytest.mark.django_db


def _bodies(message) -> list[str]:
    return [message.body] + [content for content, _mime in message.alternatives]


@pytest.fixture
def people(news_sources, user_factory):
    a = news_sources["behoerde_a"]
    return {
        "a1": user_factory(behoerde=a, email="a1@behoerde-a.de"),
        "a2": user_factory(behoerde=a, email="a2@behoerde-a.de"),
        "b1": user_factory(email="b1@behoerde-b.de"),
        "b2": user_factory(email="b2@behoerde-b.de"),
    }


@pytest.mark.parametrize("status", [AusgabeStatus.ENTWURF, AusgabeStatus.ZUR_FREIGABE])
def test_unapproved_issue_started_by_hand_is_refused(
    status, ausgabe_factory, geschaeftsstelle, login, people
):
    ausgabe = ausgabe_factory(status=status)
    with pytest.raises(services.NewsletterError, match="nicht freigegeben"):
        services.ausgabe_send_start(ausgabe=ausgabe, by=geschaeftsstelle)
    response = login(geschaeftsstelle).post(
        f"/newsletter/verwaltung/{ausgabe.pk}/aktion/", {"aktion": "versenden"}, follow=True
    )
    assert "ist nicht freigegeben" in response.content.decode()
    ausgabe.refresh_from_db()
    assert ausgabe.status == status
    assert not Zustellung.objects.exists()
    assert mail.outbox == []
    with pytest.raises(CommandError, match="nicht freigegeben"):
        call_command("send_newsletter", str(ausgabe.pk), "--sync")


def test_approval_needs_a_second_geschaeftsstelle_person(ausgabe_factory, user_factory):
    author = user_factory("geschaeftsstelle")
    redaktion = user_factory("redaktion")
    other = user_factory("geschaeftsstelle")
    ausgabe = ausgabe_factory(erstellt_von=author)
    services.ausgabe_submit(ausgabe=ausgabe, by=author)
    with pytest.raises(services.NewsletterError, match="Vier-Augen"):
        services.ausgabe_approve(ausgabe=ausgabe, by=author)
    with pytest.raises(services.NewsletterError, match="Nur die Geschäftsstelle"):
        services.ausgabe_approve(ausgabe=ausgabe, by=redaktion)
    assert Ausgabe.objects.get(pk=ausgabe.pk).status == AusgabeStatus.ZUR_FREIGABE
    services.ausgabe_approve(ausgabe=ausgabe, by=other)
    assert ausgabe.status == AusgabeStatus.FREIGEGEBEN
    assert ausgabe.freigegeben_von == other
    # Editing after approval needs a new approval.
    services.ausgabe_after_edit(ausgabe=ausgabe, by=author)
    assert Ausgabe.objects.get(pk=ausgabe.pk).status == AusgabeStatus.ENTWURF


def test_send_reaches_each_active_recipient_once_with_own_digest(
    ausgabe_factory, geschaeftsstelle, people, user_factory, django_capture_on_commit_callbacks
):
    deactivated = user_factory(email="weg@behoerde-b.de", is_active=False)
    opted_out = user_factory(email="aus@behoerde-b.de")
    NewsletterEinstellung.objects.create(user=opted_out, aktiv=False)
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)

    with django_capture_on_commit_callbacks(execute=True):
        services.ausgabe_send_start(ausgabe=ausgabe, by=geschaeftsstelle)

    ausgabe.refresh_from_db()
    assert ausgabe.status == AusgabeStatus.VERSENDET
    recipients = [address for message in mail.outbox for address in message.to]
    assert sorted(recipients) == sorted({*recipients})  # nobody twice
    assert deactivated.email not in recipients
    assert opted_out.email not in recipients
    assert {p.email for p in people.values()} <= set(recipients)
    assert Zustellung.objects.filter(status=ZustellungStatus.SENT).count() == len(recipients)

    for message in mail.outbox:
        bodies = _bodies(message)
        assert len(message.alternatives) == 1 and message.alternatives[0][1] == "text/html"
        for body in bodies:
            # VS-NfD titles never reach any email body.
            assert SECRET_VSNFD_TITLE not in body
            assert "VS-GEHEIMTITEL" not in body
            assert PUBLIC_TITLE in body
            if message.to[0].endswith("@behoerde-a.de"):
                assert ONLY_A_TITLE in body
                assert CLASSIFIED_TITLE in body
                assert "http://localhost:8000/lagebilder/8/" in body
            else:
                # A recipient outside authority A never receives an item only A may see.
                assert ONLY_A_TITLE not in body
                assert CLASSIFIED_TITLE not in body
        html = message.alternatives[0][0]
        assert "<style" not in html and 'style="' in html  # CSS inlined
        assert "<img" not in html  # no images, no tracking pixels
        assert 'href="/' not in html  # every link absolute
        assert 'lang="de"' in html and "<h1" in html and "<h2" in html
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "<http://localhost:8000/newsletter/abmelden/" in message.extra_headers["List-Unsubscribe"]
        assert "mailto:" in message.extra_headers["List-Unsubscribe"]

    # The stored digest is the safe one: no VS-NfD title in the database either.
    for row in Zustellung.objects.filter(empfaenger=people["a1"]):
        assert SECRET_VSNFD_TITLE not in str(row.digest)
        assert CLASSIFIED_TITLE in str(row.digest)


def test_topics_restrict_the_digest(ausgabe_factory, people, fachgebiete):
    services.einstellung_update(user=people["b1"], aktiv=True, fachgebiete=[fachgebiete["verkehr"]])
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)
    services.ausgabe_send_sync(ausgabe=ausgabe)
    body = next(m for m in mail.outbox if m.to == ["b1@behoerde-b.de"]).body
    assert VERKEHR_TITLE in body
    assert PUBLIC_TITLE not in body


def test_invalid_address_is_recorded_failed_and_the_rest_continue(
    ausgabe_factory, people, user_factory, flaky_smtp
):
    broken = user_factory(email="kein-at-zeichen.example.org")
    rejected = user_factory(email="unbekannt@behoerde-b.de")
    flaky_smtp.REJECT = {rejected.email}
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)

    counts = services.ausgabe_send_sync(ausgabe=ausgabe, sleep=lambda s: None)

    failed = {z.email: z.fehler for z in Zustellung.objects.filter(status=ZustellungStatus.FAILED)}
    assert set(failed) == {broken.email, rejected.email}
    assert "Ungültige E-Mail-Adresse" in failed[broken.email]
    assert "550" in failed[rejected.email]
    assert counts[ZustellungStatus.FAILED] == 2
    assert {p.email for p in people.values()} <= {m.to[0] for m in mail.outbox}
    assert Ausgabe.objects.get(pk=ausgabe.pk).status == AusgabeStatus.VERSENDET


def test_connection_drop_mid_chunk_retries_the_rest_and_sends_nobody_twice(
    ausgabe_factory, user_factory, news_sources, flaky_smtp, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_CHUNK_SIZE = 10
    for n in range(25):
        user_factory(email=f"empfaenger{n}@example.org")
    flaky_smtp.DROP_AFTER = 4  # the server hangs up during the 5th message of the first chunk
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)

    with django_capture_on_commit_callbacks(execute=True):
        services.ausgabe_send_start(ausgabe=ausgabe, by=None)  # eager Celery: retries run at once

    recipients = [m.to[0] for m in mail.outbox]
    expected = set(Zustellung.objects.values_list("email", flat=True))
    assert len(recipients) == len(expected) == 25
    assert set(recipients) == expected  # everyone once, nobody twice
    assert Zustellung.objects.filter(status=ZustellungStatus.SENT).count() == 25
    retried = Zustellung.objects.filter(versuche=2)
    assert retried.count() == 6  # the dropped message and the rest of that chunk were claimed again
    # One SMTP connection per chunk (3 chunks) plus the retry.
    assert flaky_smtp.connections_opened == 4
    assert Ausgabe.objects.get(pk=ausgabe.pk).status == AusgabeStatus.VERSENDET


def test_sent_row_is_never_claimed_again(ausgabe_factory, people):
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)
    services.ausgabe_send_sync(ausgabe=ausgabe)
    first = len(mail.outbox)
    ids = list(Zustellung.objects.values_list("pk", flat=True))
    # A duplicated / redelivered chunk task finds nothing to claim.
    result = services.zustellungen_send_chunk(ausgabe_id=ausgabe.pk, ids=ids, worker="dup")
    assert result.claimed == 0
    assert len(mail.outbox) == first


def test_stale_sending_row_is_reclaimed_after_timeout(ausgabe_factory, people, settings):
    from datetime import timedelta

    from django.utils import timezone

    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)
    services.ausgabe_send_start(ausgabe=ausgabe, by=None, enqueue=False)
    services.zustellungen_create(ausgabe=ausgabe)
    crashed = Zustellung.objects.filter(email=people["b1"].email)
    crashed.update(status=ZustellungStatus.SENDING, claimed_at=timezone.now(), worker="dead")
    ids = list(Zustellung.objects.values_list("pk", flat=True))
    services.zustellungen_send_chunk(ausgabe_id=ausgabe.pk, ids=ids, worker="w1")
    assert people["b1"].email not in [m.to[0] for m in mail.outbox]  # still claimed by the crashed worker
    crashed.update(claimed_at=timezone.now() - timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT + 1))
    services.zustellungen_send_chunk(ausgabe_id=ausgabe.pk, ids=ids, worker="w2")
    assert [m.to[0] for m in mail.outbox].count(people["b1"].email) == 1
    assert services.ausgabe_finish_if_done(ausgabe_id=ausgabe.pk)


def test_nothing_new_and_no_editorial_sends_nothing(ausgabe_factory, user_factory, settings):
    from portal import news

    saved = dict(news._sources)
    news._sources.clear()
    try:
        user_factory(email="ruhig@example.org")
        ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN, editorial="", nur_uebersicht=True)
        counts = services.ausgabe_send_sync(ausgabe=ausgabe)
    finally:
        news._sources.update(saved)
    assert mail.outbox == []
    assert counts[ZustellungStatus.SKIPPED] >= 1
    assert counts[ZustellungStatus.SENT] == 0


def test_management_command_sends_synchronously(ausgabe_factory, people, capsys):
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)
    call_command("send_newsletter", str(ausgabe.pk), "--sync")
    assert "sent: " in capsys.readouterr().out
    assert {m.to[0] for m in mail.outbox} >= {p.email for p in people.values()}
    assert Ausgabe.objects.get(pk=ausgabe.pk).status == AusgabeStatus.VERSENDET


def test_testmail_goes_to_the_requester_only(ausgabe_factory, people, user_factory, login):
    redaktion = user_factory("redaktion", email="redaktion@siko.de")
    ausgabe = ausgabe_factory()
    response = login(redaktion).post(f"/newsletter/verwaltung/{ausgabe.pk}/aktion/", {"aktion": "testmail"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["redaktion@siko.de"]]
    assert mail.outbox[0].subject.startswith("[Test] ")
    assert not Zustellung.objects.exists()
    assert Ausgabe.objects.get(pk=ausgabe.pk).status == AusgabeStatus.ENTWURF


def test_rows_another_worker_took_over_are_left_to_it(ausgabe_factory, people, settings, monkeypatch):
    """A chunk that stalled past the claim timeout loses rows to another worker: it must not send them."""
    from django.core.mail.backends.locmem import EmailBackend
    from django.utils import timezone

    settings.NEWSLETTER_CLAIM_TIMEOUT = 0  # the claim is refreshed (and checked) before every message
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)
    services.ausgabe_send_start(ausgabe=ausgabe, by=None, enqueue=False)
    services.zustellungen_create(ausgabe=ausgabe)
    rows = list(Zustellung.objects.filter(ausgabe=ausgabe).order_by("pk"))
    taken = rows[-1]
    original = EmailBackend.send_messages

    def send_while_another_worker_takes_over(self, messages):
        Zustellung.objects.filter(pk=taken.pk).update(worker="anderer", claimed_at=timezone.now())
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_while_another_worker_takes_over)
    result = services.zustellungen_send_chunk(ausgabe_id=ausgabe.pk, ids=[r.pk for r in rows], worker="w1")

    assert taken.email not in [m.to[0] for m in mail.outbox]
    assert result.sent == len(rows) - 1 == len(mail.outbox)
    taken.refresh_from_db()
    assert (taken.status, taken.worker) == (ZustellungStatus.SENDING, "anderer")
