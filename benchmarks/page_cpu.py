"""Server CPU time and SQL queries of every logged-in page, in-process (no HTTP, no load generator).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_bench REDIS_URL=redis://127.0.0.1:6379/13 \
        DJANGO_SETTINGS_MODULE=siko_portal.settings.dev .venv/bin/python benchmarks/page_cpu.py [--role mitglied]

One URL per URL name and page type comes from the quality gates' URL inventory (tests/url_inventory.py),
so new pages are measured automatically. Each page is requested through the whole middleware stack with
a logged-in, second-factor-verified session; the script reports the CPU time (`time.process_time`;
median and minimum — the minimum is the most robust figure when other processes load the machine),
the median and p95 wall time and the number of SQL queries. Budget for the portal-wide target (≥ 150 requests/s with 2 gunicorn workers on
2 cores, p95 < 100 ms): about 8 ms CPU per request, leaving room for PostgreSQL and the proxy.

    --profile /pfad/   prints the top functions (cProfile, cumulative) of one page.
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

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from portal.access import MFA_SESSION_KEY  # noqa: E402
from tests.url_inventory import build_inventory, representative  # noqa: E402

ROLES = {
    "mitglied": {"ist_redaktion": False, "ist_geschaeftsstelle": False, "rolle": "mitglied"},
    "ansprechpartner": {"ist_redaktion": False, "ist_geschaeftsstelle": False, "rolle": "ansprechpartner"},
    "redaktion": {"ist_redaktion": True, "ist_geschaeftsstelle": False},
    "geschaeftsstelle": {"ist_geschaeftsstelle": True},
}
BUDGET_CPU_MS = 8.0


def client_for(role: str) -> Client:
    # Demo people (they have a behoerde with Arbeitskreise etc.) before the bulk benchmark people.
    user = (
        User.objects.filter(is_active=True, **ROLES[role])
        .exclude(email__startswith="bench-")
        .order_by("pk")
        .first()
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = True
    session.save()
    return client


def html_pages(client: Client) -> list[str]:
    """The inventory's GET pages that answer 200 with HTML (downloads and POST-only views left out)."""
    paths = []
    for item in representative(build_inventory(pages="per_type")):
        if item.kind == "static" or item.name in ("account_logout",):
            continue
        response = client.get(item.path)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            paths.append(item.path)
    return paths


def measure(client: Client, path: str, runs: int) -> dict:
    cpu, wall = [], []
    for _ in range(3):
        client.get(path)  # warm caches, as a running server has them
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    query_count = len(queries)  # now: the next request clears the connection's query log
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        client.get(path)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return {
        "cpu": statistics.median(cpu),
        "cpu_min": min(cpu),
        "wall": statistics.median(wall),
        "wall95": statistics.quantiles(wall, n=20)[18] if runs >= 2 else wall[0],
        "queries": query_count,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--role", action="append", choices=list(ROLES))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", help="path of one page to profile")
    parser.add_argument("--only", help="substring: measure only matching paths")
    args = parser.parse_args()
    roles = args.role or list(ROLES)
    if args.profile:
        client = client_for(roles[0])
        for _ in range(3):
            client.get(args.profile)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            client.get(args.profile)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    over = 0
    for role in roles:
        client = client_for(role)
        paths = html_pages(client)
        if args.only:
            paths = [p for p in paths if args.only in p]
        print(f"\n== {role} ({len(paths)} Seiten)")
        print(f"{'Seite':<58}{'CPU ms':>8}{'min':>6}{'Wand ms':>9}{'p95':>7}{'SQL':>5}")
        for path in paths:
            r = measure(client, path, args.runs)
            flag = "" if r["cpu"] <= BUDGET_CPU_MS else "  > Budget"
            over += bool(flag)
            print(
                f"{path[:57]:<58}{r['cpu']:>8.1f}{r['cpu_min']:>6.1f}{r['wall']:>9.1f}{r['wall95']:>7.1f}{r['queries']:>5}{flag}"
            )
    print(f"\nSeiten über {BUDGET_CPU_MS:.0f} ms CPU: {over}")


if __name__ == "__main__":
    main()
