"""Server time and SQL queries of the directory pages with the demo data (plus optional extra people).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_bench .venv/bin/python benchmarks/directory.py --people 500

Seeds the demo (idempotent), adds `--people` listed people spread over the authorities, then requests
the list and a detail page `--runs` times through Django's test client and prints p50/p95 and queries.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=0)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from behoerden.models import Behoerde
    from portal.access import MFA_SESSION_KEY

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", verbosity=0, stdout=devnull)
    behoerden = list(Behoerde.objects.order_by("pk"))
    existing = User.objects.filter(email__startswith="bench-person-").count()
    User.objects.bulk_create(
        [
            User(
                email=f"bench-person-{i}@example.org",
                first_name="Bench",
                last_name=f"Person {i}",
                behoerde=behoerden[i % len(behoerden)],
                funktion="Sachbearbeitung",
            )
            for i in range(existing, args.people)
        ]
    )
    user = User.objects.get(email="mitglied@pp-essen.nrw.de")
    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = True
    session.save()
    essen = Behoerde.objects.get(name="Polizeipräsidium Essen")
    for label, url in [("Liste", "/behoerden/"), ("Detail", f"/behoerden/{essen.slug}/")]:
        client.get(url)
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        timings.sort()
        print(
            f"{label:<7} {url:<40} p50 {statistics.median(timings):6.1f} ms  "
            f"p95 {timings[int(len(timings) * 0.95) - 1]:6.1f} ms  queries {len(ctx.captured_queries)}  "
            f"(people: {User.objects.count()}, db: {connection.vendor})"
        )


if __name__ == "__main__":
    main()
