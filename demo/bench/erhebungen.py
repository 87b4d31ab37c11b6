"""Benchmark data for the load test (benchmarks/seed_bench.py): past survey campaigns on top of the demo.

Two closed quarterly campaigns per scale step, each asking the demo's current indicator versions of all
53 Kommunen and 12 Kreispolizeibehörden, every authority submitted with a figure per indicator (at
scale 10: 20 campaigns, about 1,300 Meldungen and, with the demo's indicators, tens of thousands of
values for the Gesamtlagedarstellung).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from erhebungen.models import Erhebung, IndikatorVersion, Meldung, Typ, Wert
from erhebungen.services import standard_behoerden

PER_SCALE = 2


@transaction.atomic
def seed(scale: int) -> str:
    rng = random.Random(2026)
    versionen = list(
        IndikatorVersion.objects.filter(typ__in=[Typ.ANZAHL, Typ.BETRAG]).order_by("indikator_id", "-nummer")
    )
    current = list({v.indikator_id: v for v in reversed(versionen)}.values())
    behoerden = list(standard_behoerden())
    campaigns = PER_SCALE * scale
    values = 0
    for q in range(campaigns):
        von = date(2019, 1, 1) + timedelta(days=round(91.3 * q))
        erhebung = Erhebung.objects.create(
            titel=f"Vergleichserhebung Q{q % 4 + 1}/{von.year}",
            zeitraum_von=von,
            zeitraum_bis=von + timedelta(days=89),
            frist=von + timedelta(days=110),
            status=Erhebung.Status.GESCHLOSSEN,
        )
        erhebung.indikatoren.set(current)
        erhebung.behoerden.set(behoerden)
        eingereicht = timezone.make_aware(
            timezone.datetime.combine(von + timedelta(days=100), timezone.datetime.min.time())
        )
        meldungen = Meldung.objects.bulk_create(
            [
                Meldung(
                    erhebung=erhebung,
                    behoerde=b,
                    status=Meldung.Status.EINGEREICHT,
                    eingereicht_am=eingereicht,
                )
                for b in behoerden
            ]
        )
        rows = [
            Wert(
                meldung=m,
                indikator_version=v,
                zahl=Decimal(rng.randint(0, 60 if v.typ == Typ.ANZAHL else 90000)),
            )
            for m in meldungen
            for v in current
        ]
        Wert.objects.bulk_create(rows, batch_size=5000)
        values += len(rows)
    return f"{campaigns} Erhebungen, {campaigns * len(behoerden)} Meldungen, {values} Werte"
