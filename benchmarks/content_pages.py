"""Server time, CPU time and SQL queries of the content pages (start page, Fachgebiete, Glossar, Prävention,
Aktuelles, Kalender, search) with the demo data, as a logged-in Mitglied.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_bench REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python benchmarks/content_pages.py [--runs 200] [--profile /glossar/] [--no-seed]

Migrates and seeds the demo (idempotent), logs the demo Mitglied in (second factor verified) and requests
each page `--runs` times through Django's test client (the whole middleware stack, no HTTP server), round
robin over the pages so that load from elsewhere on a shared machine hits every page alike. Prints per
page: SQL queries, p50/p95 wall time, p50 CPU time of this process (`time.process_time`: what one
gunicorn worker core spends; the wall time also contains PostgreSQL's and Redis' share), Python function
calls per request (cProfile; unlike times, independent of other load on the machine) and the load average.
`--profile PATH` prints the top functions of cProfile for that page instead.

Over HTTP against a running server (e.g. gunicorn with 2 workers), with the sessions of
`benchmarks/prepare_sessions.py`:

    .venv/bin/python benchmarks/content_pages.py --no-seed --http http://127.0.0.1:18765 \
        --sessions var/bench/sessions.json [--concurrency 8] [--seconds 10]

prints requests per second and p50/p95 per page (target: ≥ 150 req/s, p95 < 100 ms).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")


def pages() -> list[tuple[str, str]]:
    """(label, path) of every content page type in the demo."""
    from glossary.models import GlossarBegriff
    from startseite.models import NewsPage
    from veranstaltungen.models import VeranstaltungPage

    term = GlossarBegriff.objects.get(slug="vermogensabschopfung")
    news = NewsPage.objects.live().order_by("path").first()
    event = VeranstaltungPage.objects.live().filter(zulassungen__isnull=True).order_by("beginn").last()
    return [
        ("Startseite", "/"),
        ("Fachgebiete", "/fachgebiete/"),
        ("Fachgebiet Shisha", "/fachgebiete/shisha/"),
        ("Glossar", "/glossar/"),
        ("Glossarbegriff", f"/glossar/{term.slug}/"),
        ("Prävention", "/praevention/"),
        ("Maßnahmen", "/massnahmen/"),
        ("Aktuelles", "/aktuelles/"),
        ("Meldung", news.url),
        ("Kalender", "/kalender/"),
        ("Veranstaltung", event.url),
        ("Suche", "/suche/?q=Gl%C3%BCcksspiel+Kontrolle"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--profile", help="print a cProfile of this path instead of the table")
    parser.add_argument("--no-seed", action="store_true", help="skip migrate and seed_demo")
    parser.add_argument("--email", default="mitglied@pp-essen.nrw.de")
    parser.add_argument("--http", help="base URL of a running server: measure over HTTP instead")
    parser.add_argument("--sessions", default="var/bench/sessions.json")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from portal.access import MFA_SESSION_KEY

    if not args.no_seed:
        call_command("migrate", verbosity=0)
        with open(os.devnull, "w") as devnull:
            call_command("seed_demo", verbosity=0, stdout=devnull)
    client = Client()
    client.force_login(User.objects.get(email=args.email))
    session = client.session
    session[MFA_SESSION_KEY] = True
    session.save()

    if args.http:
        _measure_http(args)
        return

    if args.profile:
        for _ in range(20):
            client.get(args.profile)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            client.get(args.profile)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(int(os.environ.get("PROFILE_LINES", "50")))
        stats.sort_stats("tottime").print_stats(30)
        return

    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"{connection.vendor}, cache {cache}, DEBUG={settings.DEBUG}, {args.runs} runs per page")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'Seite':<20} {'Pfad':<46} {'SQL':>4} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'Aufrufe':>8}")
    targets = pages()
    counts, calls = {}, {}
    for _label, path in targets:
        for _ in range(5):  # warm caches (templates, shared content cache, Wagtail's site root paths)
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        # Count with an execute wrapper: Django empties connection.queries at the start of each request.
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(path)
        counts[path] = len(queries)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(3):
            client.get(path)
        profiler.disable()
        calls[path] = pstats.Stats(profiler).total_calls // 3
    # Round robin over the pages, so that a burst of load on the shared machine hits every page alike.
    walls = {path: [] for _label, path in targets}
    cpus = {path: [] for _label, path in targets}
    for _ in range(args.runs):
        for _label, path in targets:
            wall, cpu = time.perf_counter(), time.process_time()
            client.get(path)
            cpus[path].append((time.process_time() - cpu) * 1000)
            walls[path].append((time.perf_counter() - wall) * 1000)
    for label, path in targets:
        times = sorted(walls[path])
        p95 = times[max(int(len(times) * 0.95) - 1, 0)]
        print(
            f"{label:<20} {path[:46]:<46} {counts[path]:>4} {statistics.median(times):>8.1f} {p95:>8.1f} "
            f"{statistics.median(cpus[path]):>8.1f} {calls[path]:>8}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _measure_http(args) -> None:
    """Requests per second and p50/p95 per page over HTTP (page_rps.measure: closed loop, keep-alive)."""
    import http.client
    import json
    from urllib.parse import urlparse

    from page_rps import measure

    if urlparse(args.http).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("localhost only")
    data = json.loads(Path(args.sessions).read_text(encoding="utf-8"))
    mitglied = next(s for s in data["sessions"]["mitglied"] if s["email"] == args.email)
    cookie = f"{data['cookie_name']}={mitglied['cookie']}"
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'Seite':<20} {'Pfad':<46} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'Fehler':>6}")
    base = urlparse(args.http)
    for label, path in pages():
        try:  # one request first: a server that is not up (or a page that fails) is not hammered
            conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
            conn.request("GET", path, headers={"Cookie": cookie})
            status = conn.getresponse().status
            conn.close()
        except OSError as exc:
            raise SystemExit(f"{args.http} antwortet nicht: {exc}") from exc
        if status != 200:
            print(f"{label:<20} {path[:46]:<46} HTTP {status}, übersprungen")
            continue
        result = measure(args.http, cookie, path, args.concurrency, args.seconds)
        print(
            f"{label:<20} {path[:46]:<46} {result['rps']:>7.1f} {result['p50']:>7.1f} {result['p95']:>7.1f} "
            f"{result['errors']:>6}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
