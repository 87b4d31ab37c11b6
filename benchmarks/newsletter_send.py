"""Benchmark: send one issue to N recipients (default 20,000) with their own permission-aware digests
through ONE Celery worker with two prefork processes (real Redis broker, PostgreSQL) to a local aiosmtpd
sink in its own process. Verifies that every recipient got exactly one message and reports messages per
second, the peak memory (RSS) of the worker processes and the load average.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_bench_newsletter \\
    REDIS_URL=redis://127.0.0.1:6379/4 \\
    .venv/bin/python benchmarks/newsletter_send.py --recipients 20000

The database is created, migrated and filled on the first run (demo data, recipients and a busy week:
see benchmarks/newsletter_data.py) and reused afterwards.

    --sink-ceiling 20000   how many messages/s the sink alone accepts (two parallel SMTP clients)
    --profile 20           no worker: send the first 20 chunks in this process under cProfile
"""

import argparse
import multiprocessing
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MESSAGE_ID = re.compile(rb"Message-ID: <newsletter\.(\d+)\.(\d+)@", re.I)


# --- SMTP sink in its own process ----------------------------------------------------------------


def _sink_main(port, total, stop, results) -> None:
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
    accepted: Counter = Counter()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            match = MESSAGE_ID.search(envelope.content)
            accepted[(int(match.group(1)), int(match.group(2))) if match else None] += 1
            with total.get_lock():
                total.value += 1
            return "250 2.0.0 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()
    results.send(dict(accepted))


class Sink:
    """aiosmtpd in a separate process: counts accepted messages per (issue, recipient) Message-ID."""

    def __init__(self):
        ctx = multiprocessing.get_context("spawn")
        self.port = free_port()
        self.total = ctx.Value("q", 0)
        self.stop_event = ctx.Event()
        self._receive, send = ctx.Pipe(duplex=False)
        self.process = ctx.Process(
            target=_sink_main, args=(self.port, self.total, self.stop_event, send), daemon=True
        )

    def __enter__(self):
        self.process.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.1)
        raise SystemExit("SMTP-Senke startet nicht")

    @property
    def count(self) -> int:
        return self.total.value

    def stop(self) -> dict:
        self.stop_event.set()
        accepted = self._receive.recv() if self._receive.poll(30) else {}
        self.process.join(10)
        return accepted

    def __exit__(self, *exc):
        if self.process.is_alive():
            self.stop_event.set()
            self.process.join(10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _blast(port: int, count: int, message: bytes) -> None:
    import smtplib

    with smtplib.SMTP("127.0.0.1", port) as client:
        for n in range(count):
            client.sendmail("newsletter@example.org", [f"x{n}@example.org"], message)


def sink_ceiling(count: int) -> None:
    """Messages per second the sink accepts from two parallel clients with a realistic message size."""
    message = (
        b"From: a@example.org\r\nTo: b@example.org\r\nSubject: Test\r\n"
        b"Message-ID: <newsletter.1.1@example.org>\r\n\r\n" + b"x" * 70 + b"\r\n"
    ) * 1 + (b"y" * 76 + b"\r\n") * 180  # ~14 kB, like a newsletter
    with Sink() as sink:
        ctx = multiprocessing.get_context("spawn")
        start = time.monotonic()
        clients = [ctx.Process(target=_blast, args=(sink.port, count // 2, message)) for _ in range(2)]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        elapsed = time.monotonic() - start
        sink.stop()
    print(f"SMTP-Senke allein: {count} Nachrichten in {elapsed:.1f} s = {count / elapsed:.0f}/s")


# --- database, data, worker ----------------------------------------------------------------------


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


def tree_pss(pid: int) -> int:
    """Proportional set size: shared (copy-on-write) pages of the forked children counted once."""
    import psutil

    try:
        proc = psutil.Process(pid)
        return sum(p.memory_full_info().pss for p in [proc, *proc.children(recursive=True)])
    except (psutil.NoSuchProcess, psutil.AccessDenied, AttributeError):
        return 0


def cpu_seconds(processes) -> dict[int, float]:
    import psutil

    seconds = {}
    for proc in processes:
        try:
            times = proc.cpu_times()
            seconds[proc.pid] = times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return seconds


def postgres_backends(database: str) -> list:
    import psutil

    found = []
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if cmdline.startswith("postgres:") and f" {database} " in f"{cmdline} ":
            found.append(proc)
    return found


def cpu_groups(worker_pid: int, sink_pid: int) -> dict[str, dict[int, float]]:
    """CPU seconds so far of the worker processes and the SMTP sink."""
    import psutil

    worker = psutil.Process(worker_pid)
    return {
        "Worker": cpu_seconds([worker, *worker.children(recursive=True)]),
        "SMTP-Senke": cpu_seconds([psutil.Process(sink_pid)]),
    }


def _setup(recipients: int):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from benchmarks import newsletter_data

    t0 = time.monotonic()
    active = newsletter_data.seed(recipients)
    print(f"Daten bereit in {time.monotonic() - t0:.0f} s ({len(active)} Empfänger)", flush=True)
    return active


def _new_issue():
    import datetime

    from django.utils import timezone

    from newsletter import services
    from newsletter.models import Abschnitt, Ausgabe, AusgabeStatus, Hervorhebung

    ausgabe = Ausgabe.objects.create(
        titel=f"Benchmark {time.strftime('%d.%m. %H:%M:%S')}",
        editorial=(
            "<p>Liebe Kolleginnen und Kollegen, diese Woche im Schwerpunkt: "
            '<a href="/fachgebiete/">Fachgebiete</a> und neue Lagebilder.</p>'
        ),
        status=AusgabeStatus.FREIGEGEBEN,
    )
    Hervorhebung.objects.create(ausgabe=ausgabe, titel="Fachtag Clankriminalität", url="/veranstaltungen/")
    from fachgebiete.models import Fachgebiet

    for fachgebiet in Fachgebiet.objects.order_by("pk")[:3]:
        Abschnitt.objects.create(
            ausgabe=ausgabe,
            fachgebiet=fachgebiet,
            titel=f"Aus dem Fachgebiet {fachgebiet.name}",
            text="<p>Neues.</p>",
        )
    services.ausgabe_send_start(ausgabe=ausgabe, by=None, enqueue=False)
    # Every run covers the same busy week, however recently the previous benchmark issue went out.
    Ausgabe.objects.filter(pk=ausgabe.pk).update(digest_seit=timezone.now() - datetime.timedelta(days=7))
    return Ausgabe.objects.get(pk=ausgabe.pk)


def profile(chunks: int, chunk_size: int) -> None:
    import cProfile
    import pstats

    from django.test.utils import override_settings

    from newsletter import services

    ausgabe = _new_issue()
    services.zustellungen_create(ausgabe=ausgabe)
    open_chunks = services.zustellungen_open_chunks(ausgabe_id=ausgabe.pk)[:chunks]
    with Sink() as sink:
        override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=sink.port).enable()
        profiler = cProfile.Profile()
        start = time.monotonic()
        profiler.enable()
        for ids in open_chunks:
            services.zustellungen_send_chunk(ausgabe_id=ausgabe.pk, ids=ids, worker="profil")
        profiler.disable()
        elapsed = time.monotonic() - start
        sent = sink.count
        sink.stop()
    print(f"{sent} Nachrichten in {elapsed:.1f} s = {sent / elapsed:.0f}/s (ein Prozess, mit Profiler)")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=20000)
    parser.add_argument(
        "--chunk", type=int, default=250, help="NEWSLETTER_CHUNK_SIZE (default as in settings)"
    )
    parser.add_argument("--profile", type=int, default=0, help="chunks to profile in-process (no worker)")
    parser.add_argument("--sink-ceiling", type=int, default=0)
    args = parser.parse_args()

    if args.sink_ceiling:
        sink_ceiling(args.sink_ceiling)
        return

    database_url = os.environ["DATABASE_URL"]
    redis_url = os.environ["REDIS_URL"]
    ensure_database(database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "siko_portal.settings.worker_test"
    os.environ["NEWSLETTER_CHUNK_SIZE"] = str(args.chunk)
    os.environ["NEWSLETTER_CLAIM_TIMEOUT"] = "600"
    queue = f"newsletter-bench-{uuid.uuid4().hex[:8]}"
    os.environ["CELERY_TEST_QUEUE"] = queue
    active = _setup(args.recipients)

    if args.profile:
        profile(args.profile, args.chunk)
        return

    from newsletter.models import Ausgabe, AusgabeStatus, Zustellung, ZustellungStatus

    ausgabe = _new_issue()
    from django.db import connection

    connection.close()  # the worker gets the database to itself while it runs

    with Sink() as sink:
        env = {**os.environ, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port), "PYTHONPATH": str(ROOT)}
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
        time.sleep(6)  # worker start-up is not part of the measurement
        idle = tree_rss(worker.pid)
        database = database_url.rsplit("/", 1)[-1]
        cpu_before = cpu_groups(worker.pid, sink.process.pid)
        # The worker opens a database connection per task: its backends come and go, so they are
        # sampled all along (CPU up to the last sample of each).
        cpu_before["PostgreSQL"] = cpu_seconds(postgres_backends(database))
        backend_cpu: dict[int, float] = {}
        peak = peak_pss = 0
        loads = []
        first_at = None
        start = time.monotonic()
        client.send_task("newsletter.tasks.versand_koordinieren", args=[ausgabe.pk], queue=queue)
        last_report = 0.0
        try:
            while True:
                backend_cpu.update(cpu_seconds(postgres_backends(database)))
                peak = max(peak, tree_rss(worker.pid))
                if len(loads) % 8 == 0:
                    peak_pss = max(peak_pss, tree_pss(worker.pid))
                loads.append(os.getloadavg()[0])
                status = Ausgabe.objects.filter(pk=ausgabe.pk).values_list("status", flat=True).first()
                if status == AusgabeStatus.VERSENDET:
                    break
                now = time.monotonic() - start
                if first_at is None and sink.count:
                    first_at = now
                if now - last_report >= 10:
                    last_report = now
                    print(f"  {now:5.0f} s: {sink.count} angenommen, {sink.count / now:.0f}/s", flush=True)
                if now > 3600:
                    raise SystemExit("Abbruch nach einer Stunde")
                time.sleep(0.25)
            elapsed = time.monotonic() - start
            cpu_after = cpu_groups(worker.pid, sink.process.pid)
            backend_cpu.update(cpu_seconds(postgres_backends(database)))
            cpu_after["PostgreSQL"] = backend_cpu
        finally:
            os.killpg(worker.pid, 15)
            worker.wait(30)
            import redis

            redis.Redis.from_url(redis_url).delete(queue)
        accepted = sink.stop()

    counts = Zustellung.objects.filter(ausgabe=ausgabe).counts_by_status()
    per_recipient = Counter(accepted.get((ausgabe.pk, uid), 0) for uid in active)
    sent_rows = set(
        Zustellung.objects.filter(ausgabe=ausgabe, status=ZustellungStatus.SENT).values_list(
            "empfaenger_id", flat=True
        )
    )
    exactly_once = per_recipient == Counter({1: len(active)}) and sent_rows == set(active)
    delivered = sum(accepted.values())
    print(f"Empfänger:             {len(active)}")
    print(f"Zustellungen:          {counts}")
    print(f"Nachrichten am SMTP:   {delivered}  (je Empfänger: {dict(per_recipient)})")
    print(f"Genau einmal:          {'ja' if exactly_once else 'NEIN'}")
    print(f"Dauer:                 {elapsed:.1f} s (ab Auftrag, inkl. Anlegen der Zustellungen)")
    print(f"Erste Nachricht nach:  {first_at or 0:.1f} s (Zustellungen anlegen, Gruppen bilden)")
    print(f"Durchsatz:             {delivered / elapsed:.0f} Nachrichten/s")
    print(
        f"Speicher Worker:       RSS {idle / 1024 / 1024:.0f} MiB vor dem Versand, Spitze {peak / 1024 / 1024:.0f} MiB "
        f"(Hauptprozess + 2 Kindprozesse); PSS-Spitze {peak_pss / 1024 / 1024:.0f} MiB"
    )
    total_cpu = 0.0
    for group, after in cpu_after.items():
        used = sum(seconds - cpu_before[group].get(pid, 0.0) for pid, seconds in after.items())
        total_cpu += used
        print(f"CPU {group + ':':<19}{used:6.1f} s = {1000 * used / max(delivered, 1):.2f} ms je Nachricht")
    print(
        f"CPU zusammen:          {1000 * total_cpu / max(delivered, 1):.2f} ms je Nachricht "
        f"(2 Kerne frei: höchstens ~{2 * max(delivered, 1) / total_cpu:.0f} Nachrichten/s)"
    )
    print(
        f"Load average (1 min):  min {min(loads):.1f}, mittel {sum(loads) / len(loads):.1f}, max {max(loads):.1f}"
    )
    if not exactly_once:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
