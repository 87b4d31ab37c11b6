"""One page, in-process, under cProfile with a CPU clock: where a warm request spends its CPU time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_bench REDIS_URL=redis://127.0.0.1:6379/13 \
        DJANGO_SETTINGS_MODULE=siko_portal.settings.dev .venv/bin/python benchmarks/profile_page.py \
        --role mitglied /glossar/ [--runs 200] [--out /tmp/glossar.prof]

Logs in like `page_cpu.py` (same person per role), warms the page up five times, lists its SQL queries,
prints the median and minimum CPU time of `--runs` plain requests, then profiles `--runs` more with
`time.process_time` as cProfile's clock (so time other processes take on a busy machine is not counted)
and prints the top functions by cumulative time. Run it in two checkouts (e.g. the baseline and this
one) against the same data to compare where the extra milliseconds go; `--out` keeps the raw profile
for `pstats` (callers, callees).
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
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from page_cpu import ROLES, client_for  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--role", choices=list(ROLES), default="mitglied")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--out", help="file for the raw profile (pstats)")
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument(
        "--cold",
        action="store_true",
        help="renew the search generation before every request (a search page's first answer after a write)",
    )
    args = parser.parse_args()
    client = client_for(args.role)
    if args.cold:
        from portal import search_cache

        get = client.get

        def cold_get(path):
            search_cache.changed()
            return get(path)

        client.get = cold_get
    for _ in range(5):
        response = client.get(args.path)
    print(f"Status {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(args.path)
    for query in queries.captured_queries:
        print("SQL", query["sql"][:200])
    cpu = []
    for _ in range(args.runs):
        start = time.process_time()
        client.get(args.path)
        cpu.append((time.process_time() - start) * 1000)
    print(f"CPU ms: Median {statistics.median(cpu):.2f}, Minimum {min(cpu):.2f} ({args.runs} Anfragen)")
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(args.runs):
        client.get(args.path)
    profiler.disable()
    if args.out:
        profiler.dump_stats(args.out)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
