"""Server time and SQL queries of the Prävention and Fachveranstaltungen pages, and measure search time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_prevent_bench \
        .venv/bin/python benchmarks/praevention_catalogue.py --massnahmen 5000 --runs 50

Migrates and seeds the demo (idempotent), adds `--massnahmen` approved bench measures, then requests each
page `--runs` times through Django's test client and prints p50/p95 server time and SQL queries, and the
time of the measures search provider for a few German queries.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--massnahmen", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
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
    from portal.search import SearchQuery
    from praevention.models import Massnahme, Phase, Status, Zielgruppe
    from praevention.search import search_massnahmen

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", verbosity=0, stdout=devnull)
    kommunen = list(Behoerde.objects.filter(art=Behoerde.Art.KOMMUNE, gemeinde__isnull=False).order_by("pk"))
    existing = Massnahme.objects.filter(titel__startswith="Bench-Maßnahme").count()
    phases, groups = list(Phase.values), list(Zielgruppe.values)
    Massnahme.objects.bulk_create(
        [
            Massnahme(
                titel=f"Bench-Maßnahme {i}",
                kommune_id=kommunen[i % len(kommunen)].gemeinde_id,
                behoerde=kommunen[i % len(kommunen)],
                zielgruppe=groups[i % len(groups)],
                phase=phases[i % len(phases)],
                beginn=date(2025, 1 + i % 12, 1),
                beschreibung="Präventionsangebot für Jugendliche im Quartier mit Elternarbeit und Schulkooperation.",
                status=Status.FREIGEGEBEN,
            )
            for i in range(existing, args.massnahmen)
        ],
        batch_size=1000,
    )
    user = User.objects.get(email="mitglied@pp-essen.nrw.de")
    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = True
    session.save()
    gelsenkirchen = Behoerde.objects.get(name="Stadt Gelsenkirchen").gemeinde_id
    paths = [
        "/praevention/",
        "/praevention/communities-that-care/",
        "/massnahmen/",
        f"/massnahmen/?kommune={gelsenkirchen}&phase=durchfuehrung",
        f"/massnahmen/{Massnahme.objects.freigegeben().first().pk}/",
        "/veranstaltungen/",
        "/veranstaltungen/fachtag-clankriminalitaet-ruhr/",
        "/kalender/feed.ics",
    ]
    print(f"Maßnahmen in der Datenbank: {Massnahme.objects.count()} ({connection.vendor})")
    for path in paths:
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{path:60} p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  {len(queries)} queries")
    for text in ["Massnahmen Jugendliche", "Elternkurse", "Straßenfußball", "Quartier Schulkooperation"]:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            hits = search_massnahmen(user, SearchQuery(text=text))
            times.append((time.perf_counter() - start) * 1000)
        print(f"search {text!r:40} p50 {statistics.median(times):6.1f} ms  {len(hits)} hits")


if __name__ == "__main__":
    main()
