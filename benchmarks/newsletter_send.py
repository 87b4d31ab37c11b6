"""Benchmark: send one issue to N recipients (default 20,000) with individual digests through ONE Celery
worker with two prefork processes to a local aiosmtpd sink. Reports messages/second and peak memory.

Needs PostgreSQL and Redis (the worker is a separate process and must see the same database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_newsletter_bench \\
    REDIS_URL=redis://127.0.0.1:6379/14 \\
    .venv/bin/python benchmarks/newsletter_send.py --recipients 20000

The database is created and migrated if missing; recipients are reused between runs.
"""

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class CountingSink:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 2.0.0 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])
    except psutil.NoSuchProcess:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=20000)
    parser.add_argument("--chunk", type=int, default=100)
    args = parser.parse_args()

    database_url = os.environ["DATABASE_URL"]
    redis_url = os.environ["REDIS_URL"]
    ensure_database(database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "siko_portal.settings.worker_test"
    queue = f"newsletter-bench-{uuid.uuid4().hex[:8]}"
    os.environ["CELERY_TEST_QUEUE"] = queue

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from accounts.models import User
    from behoerden.models import Behoerde
    from newsletter import services
    from newsletter.models import Ausgabe, AusgabeStatus, Zustellung

    a, _ = Behoerde.objects.get_or_create(name="Behörde A", defaults={"art": Behoerde.Art.KOMMUNE})
    b, _ = Behoerde.objects.get_or_create(name="Behörde B", defaults={"art": Behoerde.Art.KOMMUNE})
    have = User.objects.filter(email__startswith="bench").count()
    if have < args.recipients:
        User.objects.bulk_create(
            [
                User(email=f"bench{i}@example.org", behoerde=a if i % 2 else b, password="!")
                for i in range(have, args.recipients)
            ],
            batch_size=2000,
        )
    User.objects.exclude(email__startswith="bench").update(is_active=False)
    User.objects.filter(email__startswith="bench").update(is_active=True)
    extra = User.objects.filter(email__startswith="bench").order_by("pk")[args.recipients :]
    User.objects.filter(pk__in=list(extra.values_list("pk", flat=True))).update(is_active=False)

    ausgabe = Ausgabe.objects.create(
        titel=f"Benchmark {time.strftime('%H:%M:%S')}",
        editorial="<p>Editorial für den Lasttest mit <a href='/fachgebiete/'>Link</a>.</p>",
        status=AusgabeStatus.FREIGEGEBEN,
    )
    services.ausgabe_send_start(ausgabe=ausgabe, by=None, enqueue=False)

    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    sink = CountingSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()

    env = {
        **os.environ,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "NEWSLETTER_CHUNK_SIZE": str(args.chunk),
        "NEWSLETTER_CLAIM_TIMEOUT": "600",
        "PYTHONPATH": str(ROOT),
    }
    worker = subprocess.Popen(
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
            queue,
            "--include",
            "tests.newsletter.fake_sources",
            "-l",
            "warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    from celery import Celery

    client = Celery(broker=redis_url)
    time.sleep(4)  # worker start-up is not part of the measurement
    peak = 0
    start = time.monotonic()
    client.send_task("newsletter.tasks.versand_koordinieren", args=[ausgabe.pk], queue=queue)
    try:
        while True:
            peak = max(peak, tree_rss(worker.pid))
            status = Ausgabe.objects.filter(pk=ausgabe.pk).values_list("status", flat=True).first()
            if status == AusgabeStatus.VERSENDET:
                break
            if int(time.monotonic() - start) % 10 == 0:
                done = sink.count
                print(
                    f"  {time.monotonic() - start:5.0f} s: {done} gesendet, {done / (time.monotonic() - start):.0f}/s",
                    flush=True,
                )
            if time.monotonic() - start > 3600:
                raise SystemExit("Abbruch nach einer Stunde")
            time.sleep(0.5)
        elapsed = time.monotonic() - start
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(30)
        controller.stop()
        import redis

        redis.Redis.from_url(redis_url).delete(queue)

    counts = Zustellung.objects.filter(ausgabe=ausgabe).counts_by_status()
    print(f"Empfänger:           {args.recipients}")
    print(f"Zustellungen:        {counts}")
    print(f"Nachrichten am SMTP: {sink.count}")
    print(f"Dauer:               {elapsed:.1f} s (inkl. Anlegen der Zustellungen)")
    print(f"Durchsatz:           {sink.count / elapsed:.0f} Nachrichten/s")
    print(f"Spitzen-RSS Worker:  {peak / 1024 / 1024:.0f} MiB (Hauptprozess + 2 Kindprozesse)")


if __name__ == "__main__":
    main()
