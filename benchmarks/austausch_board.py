"""Benchmark of the exchange board and Arbeitskreise with 100,000 posts in 10,000 threads (PostgreSQL).

On top of the demo data it adds 1,000 people and 10,000 threads with 100,000 posts of realistic
Markdown (200–1,500 characters, quotes, lists, links), one thread with 200 posts and attachments,
read marks, requests and Arbeitskreis meetings and documents. Then it requests each page as a member
of two Arbeitskreise through the WSGI handler (Django's test client, without test instrumentation) and
prints per page: SQL queries, server time p50/p95 (wall clock) and CPU time p50/p95
(`time.process_time`, which stays meaningful on a busy machine), and the HTML size (raw and gzip).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_bench_board REDIS_URL=redis://127.0.0.1:6379/1 \
        .venv/bin/python benchmarks/austausch_board.py

The database named in DATABASE_URL is created, migrated and seeded on the first run (≈ 3 minutes) and
reused afterwards; `--reseed` starts from scratch. `--profile PATH` prints a cProfile of one page.
"""

import argparse
import cProfile
import gc
import gzip
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("SIKO_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "bench-board"))

THREADS = int(os.environ.get("BENCH_THREADS", 10_000))
POSTS = int(os.environ.get("BENCH_POSTS", 100_000))
PEOPLE = 1000
READER_EMAIL = "bench-leser@bench.siko-ruhr.nrw.de"


def ensure_database(url: str, reseed: bool) -> bool:
    """Create the PostgreSQL database if needed; return True when it has to be seeded."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reseed:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            return True
    return False


def measure(client, url: str, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm caches and the read mark
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx.captured_queries)
    walls, cpus = [], []
    for _ in range(runs):
        cpu, wall = time.process_time(), time.perf_counter()
        response = client.get(url)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)

    def p95(values):
        values = sorted(values)
        return values[max(0, int(round(0.95 * len(values))) - 1)]

    return {
        "queries": queries,
        "p50": statistics.median(walls),
        "p95": p95(walls),
        "cpu50": statistics.median(cpus),
        "cpu95": p95(cpus),
        "bytes": len(response.content),
        "gzip": len(gzip.compress(response.content, compresslevel=6)),
    }


def measure_call(call, runs: int) -> dict:
    """Like `measure`, for a function (the board's search provider) instead of a page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()
    with CaptureQueriesContext(connection) as ctx:
        hits = call()
    walls, cpus = [], []
    for _ in range(runs):
        cpu, wall = time.process_time(), time.perf_counter()
        call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    walls.sort()
    cpus.sort()
    index = max(0, int(round(0.95 * runs)) - 1)
    return {
        "queries": len(ctx.captured_queries),
        "p50": statistics.median(walls),
        "p95": walls[index],
        "cpu50": statistics.median(cpus),
        "cpu95": cpus[index],
        "hits": len(hits),
    }


def pages() -> list[tuple[str, str]]:
    from arbeitskreise.models import Arbeitskreis
    from austausch.display import POSTS_PER_PAGE
    from austausch.models import Beitrag, Bereich, Thema
    from demo.bench.austausch import BIG_THREAD_TITLE

    big = Thema.objects.get(titel=BIG_THREAD_TITLE)
    last_page = -(-Beitrag.objects.filter(thema=big).count() // POSTS_PER_PAGE)
    ak_area = Bereich.objects.filter(arbeitskreis__mitgliedschaften__user__email=READER_EMAIL).first()
    ak = Arbeitskreis.objects.filter(mitgliedschaften__user__email=READER_EMAIL).order_by("name").first()
    return [
        ("area index /austausch/", "/austausch/"),
        ("area thread list (5,000 threads)", "/austausch/bereich/allgemein/"),
        ("Arbeitskreis area thread list", f"/austausch/bereich/{ak_area.slug}/"),
        ("thread, 200 posts, first page", f"/austausch/thema/{big.pk}/"),
        (f"thread, 200 posts, page {last_page}", f"/austausch/thema/{big.pk}/?seite={last_page}"),
        ("requests /austausch/anfragen/", "/austausch/anfragen/"),
        ("Arbeitskreise /arbeitskreise/", "/arbeitskreise/"),
        ("Arbeitskreis detail (member)", f"/arbeitskreise/{ak.slug}/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reseed", action="store_true", help="drop the database and seed again")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 50)))
    parser.add_argument("--profile", metavar="PATH", help="print a cProfile of this page (20 requests)")
    parser.add_argument("--profile-dump", metavar="FILE", help="also write the profile to FILE (pstats)")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after start-up, as a gunicorn post_fork hook could do (for comparison)",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Bitte DATABASE_URL auf eine eigene PostgreSQL-Datenbank setzen (siehe Docstring).")
    fresh = ensure_database(url, args.reseed)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import timezone

    from accounts.models import User
    from portal.access import MFA_SESSION_KEY

    call_command("migrate", verbosity=0)  # a no-op when the schema is current
    if fresh:
        from demo.bench.austausch import seed_board

        started = time.perf_counter()
        call_command("seed_demo", stdout=io.StringIO())
        seed_board(
            threads=THREADS,
            posts=POSTS,
            people_count=PEOPLE,
            reader_email=READER_EMAIL,
            email_prefix="board-",
        )
        call_command("collectstatic", "--noinput", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"Seeded in {time.perf_counter() - started:.0f} s")

    from austausch.models import Beitrag, Thema
    from demo.bench.austausch import BIG_THREAD_TITLE

    if not Thema.objects.filter(titel=BIG_THREAD_TITLE).exists():
        sys.exit("Die Datenbank ist nicht (vollständig) befüllt: bitte mit --reseed neu anlegen.")
    print(
        f"{Thema.objects.count():,} threads / {Beitrag.objects.count():,} posts on {connection.vendor}, "
        f"DEBUG={settings.DEBUG}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]).enable()
    client = Client()
    client.force_login(User.objects.get(email=READER_EMAIL))
    session = client.session
    session[MFA_SESSION_KEY] = True
    # Last visit yesterday: the area index counts and lists the threads new since then.
    session["siko_previous_visit"] = (timezone.now() - timezone.timedelta(days=1)).isoformat()
    session.save()

    if args.gc_freeze:
        for _label, path in pages():
            client.get(path)
        gc.collect()
        gc.freeze()

    if args.profile:
        client.get(args.profile)
        profiler = cProfile.Profile(time.process_time)  # CPU time, not waiting for PostgreSQL
        profiler.enable()
        for _ in range(20):
            client.get(args.profile)
        profiler.disable()
        if args.profile_dump:
            profiler.dump_stats(args.profile_dump)
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
        return

    header = f"{'page':<36} {'queries':>7} {'p50 ms':>7} {'p95 ms':>7} {'CPU p50':>8} {'CPU p95':>8} {'KB':>6} {'gz KB':>6}"
    print(header)
    for label, path in pages():
        r = measure(client, path, args.runs)
        print(
            f"{label:<36} {r['queries']:>7} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['cpu50']:>8.1f} "
            f"{r['cpu95']:>8.1f} {r['bytes'] / 1024:>6.1f} {r['gzip'] / 1024:>6.1f}"
        )
    from austausch.search import search_board
    from portal.search import SearchQuery

    reader = User.objects.get(email=READER_EMAIL)
    for text in ("Kontrollen", "Strohmann Untersagung", "Layali"):
        r = measure_call(lambda text=text: search_board(reader, SearchQuery(text=text)), args.runs)
        label = f"board search „{text}“"
        print(
            f"{label:<36} {r['queries']:>7} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['cpu50']:>8.1f} "
            f"{r['cpu95']:>8.1f} {r['hits']:>6} hits"
        )
    print(f"load average after the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
