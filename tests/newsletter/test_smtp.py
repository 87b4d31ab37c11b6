"""Sending over a real SMTP connection (aiosmtpd on localhost, in this process): Django's SMTP backend,
a refused recipient and a connection the server drops in the middle of a chunk."""

import email
import re
import socket
import threading
from collections import Counter
from email.policy import default as default_policy

import pytest

from newsletter import services
from newsletter.digest import CLASSIFIED_TITLE
from newsletter.models import AusgabeStatus, Zustellung, ZustellungStatus

from .conftest import ONLY_A_TITLE, PUBLIC_TITLE, SECRET_VSNFD_TITLE

pytestmark = pytest.mark.django_db
MESSAGE_ID = re.compile(r"<newsletter\.(\d+)\.(\d+)@")


class Server:
    """Accepts messages; refuses the addresses in `refuse` (550) and, once, hangs up instead of
    answering the DATA of message number `drop_at` (that message is not accepted)."""

    def __init__(self, refuse=(), drop_at=None):
        self.refuse, self.drop_at = set(refuse), drop_at
        self.lock = threading.Lock()
        self.received: list[tuple[list[str], bytes]] = []
        self.data_commands = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Empfaenger unbekannt"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_commands += 1
            if self.data_commands == self.drop_at:
                server.transport.close()
                return "421 4.4.2 Verbindung beendet"
            self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 OK"


@pytest.fixture
def smtp_server(settings):
    from aiosmtpd.controller import Controller

    controllers = []

    def start(**kwargs):
        handler = Server(**kwargs)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        return handler

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def recipients(news_sources, user_factory):
    a = news_sources["behoerde_a"]
    return [
        user_factory(behoerde=a if n % 2 else None, email=f"empfaenger{n}@example.org", first_name=f"Jörg{n}")
        for n in range(25)
    ]


def _send(ausgabe_factory):
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)
    counts = services.ausgabe_send_sync(ausgabe=ausgabe, sleep=lambda seconds: None)
    return ausgabe, counts


def test_messages_reach_each_recipient_once_with_their_own_content(
    smtp_server, recipients, ausgabe_factory, settings
):
    settings.NEWSLETTER_CHUNK_SIZE = 10
    server = smtp_server()
    ausgabe, counts = _send(ausgabe_factory)

    assert counts[ZustellungStatus.SENT] == len(recipients)
    by_address = {u.email: u for u in recipients}
    assert sorted(to[0] for to, _raw in server.received) == sorted(by_address)
    for to, raw in server.received:
        user = by_address[to[0]]
        message = email.message_from_bytes(raw, policy=default_policy)
        assert message["To"] == user.email
        assert MESSAGE_ID.search(message["Message-ID"]).groups() == (str(ausgabe.pk), str(user.pk))
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text, html = (part.get_content() for part in message.walk() if not part.is_multipart())
        for body in (text, html):
            assert f"Guten Tag {user.get_full_name()}," in body
            assert SECRET_VSNFD_TITLE not in body
            assert PUBLIC_TITLE in body
            assert (ONLY_A_TITLE in body) == (user.behoerde.name == "Behörde A")
            assert (CLASSIFIED_TITLE in body) == (user.behoerde.name == "Behörde A")


def test_refused_recipient_is_failed_and_a_dropped_connection_sends_nobody_twice(
    smtp_server, recipients, ausgabe_factory, settings
):
    settings.NEWSLETTER_CHUNK_SIZE = 10
    refused = recipients[3].email
    server = smtp_server(refuse={refused}, drop_at=5)  # hangs up during the 5th message of chunk one

    ausgabe, counts = _send(ausgabe_factory)

    delivered = Counter(to[0] for to, _raw in server.received)
    assert set(delivered.values()) == {1}  # nobody twice
    assert set(delivered) == {u.email for u in recipients} - {refused}
    failed = Zustellung.objects.get(ausgabe=ausgabe, email=refused)
    assert failed.status == ZustellungStatus.FAILED and "550" in failed.fehler
    assert counts[ZustellungStatus.SENT] == len(recipients) - 1
    assert Zustellung.objects.filter(
        ausgabe=ausgabe, versuche=2
    ).exists()  # the rest of the chunk was retried
