"""Real integration: a Celery worker process (Redis broker, prefork, 2 processes) sends through a real
SMTP server (aiosmtpd) started here; every recipient gets each issue exactly once, also when the worker
is killed with SIGKILL mid-run and started again."""

import asyncio
import email
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from django.conf import settings

from newsletter import services
from newsletter.models import Ausgabe, AusgabeStatus, Zustellung, ZustellungStatus

# Same strings as tests/newsletter/fake_sources.py (imported only in the worker: it registers a source).
ONLY_A_TITLE = "Lagebild Rotlicht Essen-Nord NUR-BEHOERDE-A"
SECRET_VSNFD_TITLE = "Clanstruktur Altendorf VS-GEHEIMTITEL"
RECIPIENTS = 300
ROOT = Path(__file__).resolve().parents[2]
MESSAGE_ID = re.compile(rb"Message-ID: <newsletter\.(\d+)\.(\d+)@", re.I)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


class Sink:
    """aiosmtpd handler counting accepted messages per (issue, recipient); can hold messages un-acked."""

    def __init__(self):
        self.lock = threading.Lock()
        self.accepted: Counter = Counter()
        self.bodies: list[bytes] = []
        self.gate = threading.Event()
        self.gate.set()
        self.pause_after: int | None = None
        self.waiting = 0
        self.closed_while_waiting = 0

    def total(self) -> int:
        with self.lock:
            return sum(self.accepted.values())

    async def handle_DATA(self, server, session, envelope):
        if self.pause_after is not None and self.total() >= self.pause_after and not self.gate.is_set():
            # Hold the reply: the worker waits for "250", i.e. the message is NOT yet accepted.
            self.waiting += 1
            try:
                while not self.gate.is_set():
                    await asyncio.sleep(0.02)
                    if server.transport is None or server.transport.is_closing():
                        self.closed_while_waiting += 1
                        return "451 4.4.2 Verbindung verloren"  # client gone: nothing accepted
            finally:
                self.waiting -= 1
            if server.transport is None or server.transport.is_closing():
                return "451 4.4.2 Verbindung verloren"  # client gone: nothing accepted
        match = MESSAGE_ID.search(envelope.content)
        key = (int(match.group(1)), int(match.group(2))) if match else None
        with self.lock:
            self.accepted[key] += 1
            self.bodies.append(envelope.content)
        return "250 2.0.0 OK"


@pytest.fixture
def smtp_sink():
    from aiosmtpd.controller import Controller

    sink = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield sink, port
    sink.gate.set()
    controller.stop()


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _redis_url() -> str:
    parsed = urlparse(os.environ["REDIS_URL"])
    db_number = os.environ.get("NEWSLETTER_TEST_REDIS_DB", "13")
    return parsed._replace(path=f"/{db_number}").geturl()


class Worker:
    def __init__(self, env, log: Path):
        self.env, self.log = env, log
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "siko_portal",
                "worker",
                "--pool=prefork",
                "-c",
                "2",
                "-Q",
                self.env["CELERY_TEST_QUEUE"],
                "--include",
                "tests.newsletter.fake_sources",
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"nltest-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches pool children too
        )

    def kill(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"Zeitüberschreitung: {what}")


def _make_recipients(behoerde_factory):
    from accounts.models import User

    a = behoerde_factory(name="Behörde A")
    b = behoerde_factory(name="Behörde B")
    User.objects.bulk_create(
        User(email=f"empfaenger{i}@example.org", behoerde=a if i % 2 else b, password="!")
        for i in range(RECIPIENTS)
    )
    return {u.pk: u for u in User.objects.select_related("behoerde")}


def _issue(ausgabe_factory, titel):
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN, titel=titel)
    services.ausgabe_send_start(ausgabe=ausgabe, by=None, enqueue=False)
    return ausgabe


def test_real_worker_delivers_exactly_once_even_after_sigkill(
    smtp_sink, behoerde_factory, ausgabe_factory, tmp_path
):
    from celery import Celery

    sink, port = smtp_sink
    users = _make_recipients(behoerde_factory)
    queue = f"newsletter-test-{uuid.uuid4().hex[:8]}"
    redis_url = _redis_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "siko_portal.settings.worker_test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "CELERY_TEST_QUEUE": queue,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "NEWSLETTER_CLAIM_TIMEOUT": "3",
        "NEWSLETTER_CHUNK_SIZE": "25",
        "PYTHONPATH": str(ROOT),
    }
    client = Celery(broker=redis_url)
    log = tmp_path / "worker.log"
    worker = Worker(env, log)
    try:
        # 1. A normal run: every recipient exactly once.
        first = _issue(ausgabe_factory, "Ausgabe eins")
        worker.start()
        client.send_task("newsletter.tasks.versand_koordinieren", args=[first.pk], queue=queue)
        _wait(
            lambda: Ausgabe.objects.get(pk=first.pk).status == AusgabeStatus.VERSENDET, 60, "erster Versand"
        )
        counts = {uid: sink.accepted[(first.pk, uid)] for uid in users}
        assert set(counts.values()) == {1}, log.read_text()[-3000:]

        # 2. Kill the worker (SIGKILL, whole process group) while both processes are mid-chunk.
        second = _issue(ausgabe_factory, "Ausgabe zwei")
        sink.pause_after = sink.total() + 80
        sink.gate.clear()
        client.send_task("newsletter.tasks.versand_koordinieren", args=[second.pk], queue=queue)
        _wait(lambda: sink.waiting == 2, 60, "beide Worker-Prozesse senden")
        worker.kill()
        killed_at = time.monotonic()
        sent_before_kill = sum(v for (issue, _uid), v in sink.accepted.items() if issue == second.pk)
        assert 0 < sent_before_kill < RECIPIENTS
        assert Zustellung.objects.filter(ausgabe=second, status=ZustellungStatus.SENDING).exists()
        # Let the SMTP server notice the dropped connections before it releases the held replies.
        time.sleep(0.5)
        sink.gate.set()

        # 3. Start again; after the claim timeout, the resume (as beat does every 15 min) finishes the job.
        worker = Worker(env, log)
        worker.start()
        time.sleep(max(0.0, 3.5 - (time.monotonic() - killed_at)))
        client.send_task("newsletter.tasks.versand_koordinieren", args=[second.pk], queue=queue)
        _wait(
            lambda: Ausgabe.objects.get(pk=second.pk).status == AusgabeStatus.VERSENDET,
            60,
            "Versand nach Neustart",
        )

        counts = Counter({uid: sink.accepted[(second.pk, uid)] for uid in users})
        assert set(counts.values()) == {1}, {uid: n for uid, n in counts.items() if n != 1}
        assert Zustellung.objects.filter(ausgabe=second, status=ZustellungStatus.SENT).count() == RECIPIENTS

        # Permission filtering and VS-NfD, checked in every body the SMTP server received.
        by_email = {u.email: u for u in users.values()}
        assert len(sink.bodies) == 2 * RECIPIENTS
        for raw in sink.bodies:
            message = email.message_from_bytes(raw)
            parts = [p.get_payload(decode=True).decode() for p in message.walk() if not p.is_multipart()]
            assert len(parts) == 2  # text and HTML
            in_a = by_email[message["To"]].behoerde.name == "Behörde A"
            for body in parts:
                assert SECRET_VSNFD_TITLE not in body
                assert (ONLY_A_TITLE in body) == in_a
    finally:
        worker.stop()
        import redis

        redis.Redis.from_url(redis_url).delete(queue)
