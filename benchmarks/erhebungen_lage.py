"""Benchmark the Gesamtlagedarstellung: 20 quarterly campaigns x 65 authorities x 40 indicators (52,000 values).

Run against your own PostgreSQL database (it is created/migrated and its Erhebungen data replaced):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_erhebungen_bench \
    DJANGO_SETTINGS_MODULE=siko_portal.settings.test .venv/bin/python benchmarks/erhebungen_lage.py

Prints server time (p50/p95 over repeated requests through the full middleware stack) and the SQL query
count per page, for each Ebene, for a member (suppressed) and the Geschäftsstelle. Target: < 300 ms.
"""

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))


def build():
    from behoerden.reference import load_reference_data
    from erhebungen.models import Erhebung, Indikator, IndikatorVersion, Meldung, Typ, Wert
    from erhebungen.services import standard_behoerden
    from fachgebiete.models import Fachgebiet

    call_command("migrate", verbosity=0)
    load_reference_data()
    Wert.objects.all().delete()
    Meldung.objects.all().delete()
    Erhebung.objects.all().delete()
    IndikatorVersion.objects.all().delete()
    Indikator.objects.all().delete()
    fachgebiete = list(Fachgebiet.objects.all())
    versionen = []
    for n in range(40):
        indikator = Indikator.objects.create(
            schluessel=f"bench-{n:02d}", fachgebiet=fachgebiete[n % len(fachgebiete)], reihenfolge=n
        )
        typ = Typ.BETRAG if n % 10 == 9 else Typ.ANZAHL
        versionen.append(
            IndikatorVersion.objects.create(indikator=indikator, nummer=1, name=f"Indikator {n + 1}", typ=typ)
        )
    behoerden = list(standard_behoerden())
    assert len(behoerden) == 65, len(behoerden)
    rng = random.Random(7)
    for q in range(20):
        von = date(2021, 1, 1) + timedelta(days=round(91.3 * q))
        erhebung = Erhebung.objects.create(
            titel=f"Q{q % 4 + 1} {von.year}",
            zeitraum_von=von,
            zeitraum_bis=von + timedelta(days=89),
            frist=von + timedelta(days=110),
            status=Erhebung.Status.GESCHLOSSEN,
        )
        erhebung.indikatoren.set(versionen)
        erhebung.behoerden.set(behoerden)
        meldungen = Meldung.objects.bulk_create(
            [Meldung(erhebung=erhebung, behoerde=b, status=Meldung.Status.EINGEREICHT) for b in behoerden]
        )
        Wert.objects.bulk_create(
            [
                Wert(meldung=m, indikator_version=v, zahl=Decimal(rng.randint(0, 400)))
                for m in meldungen
                for v in versionen
            ],
            batch_size=5000,
        )
    print(
        f"data: {Erhebung.objects.count()} campaigns, {len(behoerden)} authorities, "
        f"{len(versionen)} indicators, {Wert.objects.count()} values"
    )


def client_for(role):
    from accounts.authenticators import authenticator_totp_set, new_totp_secret
    from accounts.models import User
    from accounts.roles import user_set_portal_roles
    from behoerden.models import Behoerde
    from portal.access import MFA_SESSION_KEY

    email = f"bench-{role}@example.org"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password="x-Bench-2026!", behoerde=Behoerde.objects.first()
        )
        authenticator_totp_set(user=user, secret=new_totp_secret())
        if role == "geschaeftsstelle":
            user_set_portal_roles(user=user, redaktion=True, geschaeftsstelle=True, by=None)
    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = True
    session.save()
    return client


def measure(client, params):
    client.get("/erhebungen/lage/", params)
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get("/erhebungen/lage/", params)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get("/erhebungen/lage/", params)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return statistics.median(times), p95, len(ctx.captured_queries), len(response.content)


def main():
    from erhebungen.models import Wert

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    # BENCH_REUSE=1 keeps the data of a previous run (migrated database with 52,000 values).
    if os.environ.get("BENCH_REUSE") != "1" or Wert.objects.count() != 52000:
        build()
    for role in ("mitglied", "geschaeftsstelle"):
        client = client_for(role)
        for ebene in ("behoerde", "kreis", "regierungsbezirk"):
            p50, p95, queries, size = measure(client, {"indikator": "bench-00", "ebene": ebene})
            print(
                f"{role:17s} ebene={ebene:17s} p50={p50:6.1f} ms  p95={p95:6.1f} ms  queries={queries:2d}  html={size // 1024} KB"
            )
    start = time.perf_counter()
    response = client.get("/erhebungen/lage/export.xlsx", {"indikator": "bench-00"})
    print(
        f"xlsx export (1,300 rows): {(time.perf_counter() - start) * 1000:.0f} ms, {len(response.content) // 1024} KB"
    )


if __name__ == "__main__":
    main()
