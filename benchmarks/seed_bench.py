"""Enlarge the demo into a benchmark data set: many people per authority, plus every app's bench data.

    DJANGO_SETTINGS_MODULE=siko_portal.settings.dev DATABASE_URL=... python benchmarks/seed_bench.py --people 1000

Sections contribute bulk data with a module `demo/bench/<section>.py` defining `seed(scale: int) -> str`
(called in `demo.bench.SECTIONS` order; the string is printed), so the load test grows with the portal.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from accounts.models import Rolle, User, search_columns  # noqa: E402
from behoerden.models import Behoerde  # noqa: E402
from demo import bench  # noqa: E402

FIRST = ["Anna", "Ben", "Canan", "Dirk", "Elif", "Frank", "Gül", "Heike", "Ilias", "Jana", "Kai", "Lea"]
LAST = ["Becker", "Yilmaz", "Schulz", "Nowak", "Krüger", "Wagner", "Öztürk", "Neumann", "Lange", "Kaya"]


@transaction.atomic
def seed_people(count: int) -> int:
    behoerden = list(Behoerde.objects.order_by("pk"))
    password = make_password(None)  # unusable: bench people never log in through the form
    existing = set(User.objects.filter(email__startswith="bench-").values_list("email", flat=True))
    new = []
    for i in range(count):
        email = f"bench-{i:05d}@bench.siko-ruhr.nrw.de"
        if email in existing:
            continue
        first_name, last_name = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        new.append(
            User(
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                behoerde=behoerden[i % len(behoerden)],
                rolle=Rolle.ANSPRECHPARTNER if i % 10 == 0 else Rolle.MITGLIED,
                funktion="Sachbearbeitung",
                im_verzeichnis=i % 3 != 0,
                # bulk_create skips save(): the directory search's folded columns are set here.
                **search_columns(first_name, last_name, "Sachbearbeitung"),
            )
        )
    User.objects.bulk_create(new, batch_size=500)
    return len(new)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--scale", type=int, default=10, help="passed to each section's bench seed()")
    args = parser.parse_args()
    print(f"people: {seed_people(args.people)} new")
    for section, summary in bench.seed_all(args.scale):
        print(f"{section}: {summary}")
    # Fresh statistics for the planner: without them PostgreSQL guessed a dozen threads instead of
    # 10,000 and nested a full-text index scan per thread — one board search took minutes until
    # autovacuum came round (seen on a freshly seeded database).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print("ANALYZE: Statistiken aktualisiert")


if __name__ == "__main__":
    main()
