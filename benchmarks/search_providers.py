"""Time and queries of each search provider for the benchmark queries (issue #17), in-process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<copy of the benchmark data> REDIS_URL=redis://127.0.0.1:6379/<n> \
        DJANGO_SETTINGS_MODULE=siko_portal.settings.dev .venv/bin/python benchmarks/search_providers.py [--role mitglied]

For every query of `search_vs_fachgebiet.QUERIES` and every registered provider: median CPU time of
this process, median database time (inside the cursor) and the number of SQL queries of one `provider.search(user,
query)` call, and the sum per query. `--explain` prints PostgreSQL's EXPLAIN ANALYZE of every statement
of one provider (`--explain lagebilder`).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--role", default="mitglied")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--explain", help="provider key: EXPLAIN ANALYZE its statements")
    parser.add_argument("--query", action="append", help="instead of the benchmark queries")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from page_cpu import ROLES
    from search_vs_fachgebiet import QUERIES

    from accounts.models import User
    from portal import content_cache
    from portal import search as portal_search

    user = (
        User.objects.filter(is_active=True, **ROLES[args.role])
        .exclude(email__startswith="bench-")
        .order_by("pk")
        .first()
    )
    queries = args.query or QUERIES
    stats = {"ms": 0.0, "n": 0, "sql": []}

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            stats["ms"] += (time.perf_counter() - start) * 1000
            stats["n"] += 1
            stats["sql"].append((sql, params))

    if args.explain:
        # EXPLAIN ANALYZE of every statement; "--explain alle": the database's own execution time per
        # provider and in all, and any sequential scan of a table with more than 5,000 rows.
        chosen = [p for p in portal_search.providers() if args.explain in ("alle", p.key)]
        for text in queries:
            total, scans = 0.0, []
            cells = []
            for provider in chosen:
                stats["sql"] = []
                query = portal_search.SearchQuery(
                    text=text, limit=portal_search.SECTION_LIMIT + 1, shown=portal_search.OVERVIEW_LIMIT
                )
                with content_cache.generation_snapshot(), connection.execute_wrapper(timed):
                    provider.search(user, query)
                ms = 0.0
                for sql, params in stats["sql"]:
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                        plan = cursor.fetchone()[0][0]
                    ms += plan["Execution Time"] + plan["Planning Time"]
                    scans += [
                        n
                        for n in _nodes(plan["Plan"])
                        if n.get("Node Type") == "Seq Scan"
                        and n.get("Actual Rows", 0) + n.get("Rows Removed by Filter", 0) > 5000
                    ]
                    if args.explain != "alle":
                        with connection.cursor() as cursor:
                            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                            print(sql[:300], "\n" + "\n".join(row[0] for row in cursor.fetchall()))
                total += ms
                cells.append(f"{provider.key} {ms:.1f}")
            seq = ", ".join(sorted({n["Relation Name"] for n in scans})) or "keiner"
            print(f"| {text} | {' · '.join(cells)} | {total:.1f} | {seq} |")
        return

    print(f"== role {args.role}, median of {args.runs} runs: CPU ms / DB ms / queries\n")
    keys = [p.key for p in portal_search.providers()]
    print("| Anfrage | " + " | ".join(keys) + " | Summe CPU ms | Summe DB ms |")
    print("|---|" + "---:|" * (len(keys) + 2))
    for text in queries:
        cells, db_total, cpu_total = [], 0.0, 0.0
        for provider in portal_search.providers():
            # As the overview of all sections asks (portal.search.run).
            query = portal_search.SearchQuery(
                text=text, limit=portal_search.SECTION_LIMIT + 1, shown=portal_search.OVERVIEW_LIMIT
            )
            walls, dbs = [], []
            for run in range(args.runs + 2):
                stats["ms"], stats["n"], stats["sql"] = 0.0, 0, []
                with content_cache.generation_snapshot(), connection.execute_wrapper(timed):
                    start = time.process_time()
                    provider.search(user, query)
                    wall = (time.process_time() - start) * 1000
                if run >= 2:  # the first two warm caches, as a running server has them
                    walls.append(wall)
                    dbs.append(stats["ms"])
            db = statistics.median(dbs)
            db_total += db
            cpu_total += statistics.median(walls)
            cells.append(f"{statistics.median(walls):.1f} / {db:.1f} / {stats['n']}")
        print(f"| {text} | " + " | ".join(cells) + f" | {cpu_total:.1f} | {db_total:.1f} |")


if __name__ == "__main__":
    main()
