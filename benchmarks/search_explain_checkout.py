"""Database time of every search provider of *any* checkout (issue #17: today's version beside this one).

Run it with the other checkout as working directory and Python path, against its database:

    cd /work/wt-base17 && DATABASE_URL=postgres://postgres@127.0.0.1:5432/<its copy> REDIS_URL=redis://127.0.0.1:6379/<n> \
        .venv/bin/python /work/wt-search/benchmarks/search_explain_checkout.py

It uses only what every version of the search has (`portal.search.providers`, `SearchQuery(text=…)`,
`content_cache.generation_snapshot`): for each benchmark query and provider, the summed EXPLAIN ANALYZE
time (planning + execution) of the statements the provider sends, and any sequential scan of a table with
more than 5,000 rows. This checkout's own figures, with its overview limits: `search_providers.py
--explain alle`.
"""

import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")

QUERIES = ["Glücksspiel", "Gluecksspiele", "Shisha", "Vermögensabschöpfung", "Kowalsky", "Kontrolle"]


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def main() -> None:
    import django

    django.setup()
    from django.db import connection

    from accounts.models import User
    from portal import content_cache
    from portal import search as portal_search

    user = (
        User.objects.filter(is_active=True, ist_redaktion=False, ist_geschaeftsstelle=False, rolle="mitglied")
        .exclude(email__startswith="bench-")
        .order_by("pk")
        .first()
    )
    print("| Anfrage | per provider | sum | sequential scans of tables > 5,000 rows |")
    print("|---|---|---:|---|")
    for text in QUERIES:
        cells, total, scans = [], 0.0, set()
        for provider in portal_search.providers():
            statements = []

            def record(execute, sql, params, many, context, statements=statements):
                statements.append((sql, params))
                return execute(sql, params, many, context)

            with content_cache.generation_snapshot(), connection.execute_wrapper(record):
                provider.search(user, portal_search.SearchQuery(text=text))
            ms = 0.0
            for sql, params in statements:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                    plan = cursor.fetchone()[0][0]
                ms += plan["Execution Time"] + plan["Planning Time"]
                scans |= {
                    node["Relation Name"]
                    for node in _nodes(plan["Plan"])
                    if node.get("Node Type") == "Seq Scan"
                    and node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0) > 5000
                }
            total += ms
            cells.append(f"{provider.key} {ms:.1f}")
        print(f"| {text} | {' · '.join(cells)} | {total:.1f} | {', '.join(sorted(scans)) or 'keiner'} |")


if __name__ == "__main__":
    main()
