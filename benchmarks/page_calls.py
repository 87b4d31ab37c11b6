"""Python function calls per request of every logged-in page, in-process: the work a page does, counted
instead of timed (issue 12 part 5).

CPU times of pages of 2–5 ms scatter by ±50 % between side-by-side runs even on an idle machine
(`docs/measurements/`); the number of Python function calls a warm request makes does not: it changes
only when the code or the data change. Run it in two checkouts against the same data to see which pages
really do more work:

    cd ../portal-before && SIKO_CHECKOUT=$PWD DATABASE_URL=.../hc_base REDIS_URL=redis://127.0.0.1:6379/6 \
        /path/to/main/.venv/bin/python /path/to/main/benchmarks/page_calls.py > /tmp/calls-before.txt
    cd /path/to/main && DATABASE_URL=.../hc_new REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python benchmarks/page_calls.py > /tmp/calls-after.txt
    .venv/bin/python benchmarks/page_calls.py --compare /tmp/calls-before.txt /tmp/calls-after.txt

Pages and people as in `page_cpu.py` of the measured checkout (SIKO_CHECKOUT: another checkout's code, with
this script). Each page is requested three times to warm the caches, then `--runs` times under cProfile
(its call counter only; no timing is used); the figure is the mean number of calls per request.
For a page Wagtail serves, the last column counts the calls of Wagtail's own routing of it
(`Page.route_for_request`: the Site lookup, the start page in its class, the page's row — framework work on
every request that the baseline 12e59c5 skipped with pickled pages, see issue 12 part 2). `--compare`
prints a Markdown table with both figures, the ratio after ÷ before, the ratio without that routing
(after minus its routing calls, against the whole of before), the pages over `--limit` with and without
it, and the median ratio per role.
"""

import argparse
import os
import re
import statistics
import sys
from pathlib import Path

CHECKOUT = Path(os.environ.get("SIKO_CHECKOUT") or Path(__file__).resolve().parent.parent)
ROW = re.compile(r"^(?P<path>/\S*)\s+(?P<calls>\d+)\s+(?P<sql>\d+)(?:\s+(?P<routing>\d+))?$")


def count(role_filter, runs: int, only: str | None) -> None:
    sys.path.insert(0, str(CHECKOUT / "benchmarks"))
    sys.path.insert(0, str(CHECKOUT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")
    import cProfile
    import pstats

    import django

    django.setup()
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import resolve
    from page_cpu import ROLES, client_for, html_pages
    from wagtail.models import Page

    factory = RequestFactory(HTTP_HOST="127.0.0.1")

    def routing_calls(path: str) -> int:
        """Calls of Wagtail's own routing of a page it serves (`Page.route_for_request`: the Site lookup,
        the start page in its class, the page's row), on a fresh request as every request has it."""
        for _ in range(3):
            Page.route_for_request(factory.get(path), path)
        profiler = cProfile.Profile()
        for _ in range(runs):
            request = factory.get(path)
            profiler.enable()
            Page.route_for_request(request, path)
            profiler.disable()
        return pstats.Stats(profiler).total_calls // runs

    for role in role_filter or list(ROLES):
        client = client_for(role)
        paths = [p for p in html_pages(client) if not only or only in p]
        print(f"\n== {role} ({len(paths)} Seiten)")
        print(f"{'Seite':<58}{'Aufrufe':>10}{'SQL':>5}{'Routing':>9}")
        for path in paths:
            for _ in range(3):
                client.get(path)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            query_count = len(queries)  # now: the next request clears the connection's query log
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(runs):
                client.get(path)
            profiler.disable()
            calls = pstats.Stats(profiler).total_calls // runs
            served_by_wagtail = resolve(path.split("?")[0]).url_name == "wagtail_serve"
            routing = f"{routing_calls(path):>9}" if served_by_wagtail else ""
            print(f"{path[:57]:<58}{calls:>10}{query_count:>5}{routing}")


def parse(path: str) -> dict[tuple[str, str], dict]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from compare_cpu import role_rows

    return role_rows(
        path,
        ROW,
        lambda match: {
            "calls": int(match["calls"]),
            "sql": int(match["sql"]),
            "routing": int(match["routing"] or 0),
        },
    )


def compare(before_file: str, after_file: str, limit: float) -> int:
    before, after = parse(before_file), parse(after_file)
    common = [key for key in before if key in after]
    if not common:
        print("Keine gemeinsamen Seiten in beiden Läufen.", file=sys.stderr)
        return 2
    print(
        "| Rolle | Seite | Aufrufe vorher | Aufrufe nachher | Verhältnis | davon Wagtail-Routing nachher "
        "| Verhältnis ohne dieses Routing | SQL vorher | SQL nachher |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    ratios: dict[str, list[float]] = {}
    over, routing_only = [], []
    for role, page in common:
        b, a = before[(role, page)], after[(role, page)]
        ratio = a["calls"] / b["calls"] if b["calls"] else float("inf")
        without = (a["calls"] - a["routing"]) / b["calls"] if b["calls"] else float("inf")
        ratios.setdefault(role, []).append(ratio)
        if without > limit:
            over.append((role, page, ratio))
        elif ratio > limit:
            routing_only.append((role, page, ratio, without))
        routing = f"{a['routing']} | {without:.2f}" if a["routing"] else "– | –"
        print(
            f"| {role} | `{page}` | {b['calls']} | {a['calls']} | {ratio:.2f} | {routing} | {b['sql']} | {a['sql']} |"
        )
    print()
    for role, values in ratios.items():
        print(
            f"- {role}: Median-Verhältnis {statistics.median(values):.2f} über {len(values)} Seiten, max {max(values):.2f}"
        )
    if routing_only:
        print(f"\nÜber {limit:.2f}× nur durch Wagtails Routing (ohne es darunter):")
        for role, page, ratio, without in routing_only:
            print(f"- {role} {page}: {ratio:.2f} (ohne Routing {without:.2f})")
    print(
        f"\nÜber {limit:.2f}× auch ohne Wagtails Routing:"
        if over
        else f"\nKeine Seite über {limit:.2f}× ohne Wagtails Routing."
    )
    for role, page, ratio in over:
        print(f"- {role} {page}: {ratio:.2f}")
    return 1 if over else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--role", action="append")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="substring: count only matching paths")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--limit", type=float, default=1.25)
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare, args.limit)
    count(args.role, args.runs, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
