"""Benchmark: the Lagebilder list page under need-to-know filtering on PostgreSQL.

100,000 Lagebilder, 60 authorities, 5 Arbeitskreise, 2,000 people; a typical person sees about
5,000 reports through their authority's and Arbeitskreis' groups. Reports the list page's database
time (p50/p95) for page 1 and page 100, its SQL query count, and EXPLAIN ANALYZE of the
permission-filtered list query.

Run (own database; data is created once and reused):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_lagebilder \
        .venv/bin/python benchmarks/lagebilder_list.py [--runs 30] [--rebuild]
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

N_REPORTS = 100_000
N_BEHOERDEN = 60
N_AK = 5
N_USERS = 2_000
PREFIX = "Bench"


def build(rng: random.Random) -> None:
    from accounts.models import User
    from arbeitskreise.models import Arbeitskreis
    from behoerden.models import Behoerde
    from fachgebiete.models import Fachgebiet

    print("Erzeuge Testdaten …", flush=True)
    fachgebiete = [
        Fachgebiet.objects.get_or_create(slug=f"bench-fg-{i}", defaults={"name": f"{PREFIX} Fachgebiet {i}"})[
            0
        ]
        for i in range(8)
    ]
    behoerden = []
    for i in range(N_BEHOERDEN):
        behoerde = Behoerde.objects.filter(name=f"{PREFIX} Behörde {i:02d}").first()
        if behoerde is None:
            behoerde = Behoerde(name=f"{PREFIX} Behörde {i:02d}", art=Behoerde.Art.KOMMUNE)
            behoerde.save()
        behoerden.append(behoerde)
    aks = []
    for i in range(N_AK):
        ak = Arbeitskreis.objects.filter(name=f"{PREFIX} Arbeitskreis {i}").first()
        if ak is None:
            ak = Arbeitskreis(name=f"{PREFIX} Arbeitskreis {i}")
            ak.save()
        aks.append(ak)
    users = list(User.objects.filter(email__startswith="bench", email__endswith="@example.org"))
    if not users:
        with transaction.atomic():
            users = _create_people(behoerden, aks)
    return _build_reports(fachgebiete, behoerden, aks, users)


def _create_people(behoerden, aks):
    """Create the 2,000 people with their authority group and (for a third) one Arbeitskreis."""
    from accounts.models import User
    from arbeitskreise.models import Mitgliedschaft

    if N_USERS:
        users = User.objects.bulk_create(
            [
                User(
                    email=f"bench{i}@example.org",
                    password="!",
                    behoerde=behoerden[i % N_BEHOERDEN],
                    first_name="Bench",
                    last_name=f"Person {i}",
                )
                for i in range(N_USERS)
            ],
            batch_size=1000,
        )
        through = User.groups.through
        rows = [through(user_id=u.pk, group_id=u.behoerde.gruppe_id) for u in users]
        memberships = []
        for index, user in enumerate(users):
            if index % 3 == 0:  # a third of the people are in one Arbeitskreis
                ak = aks[index % N_AK]
                memberships.append(Mitgliedschaft(arbeitskreis=ak, user=user))
                rows.append(through(user_id=user.pk, group_id=ak.gruppe_id))
        Mitgliedschaft.objects.bulk_create(memberships, batch_size=2000)
        through.objects.bulk_create(rows, batch_size=5000)
    return users


def _build_reports(fachgebiete, behoerden, aks, users):
    """Generate the reports, their permission rows and Fachgebiet links inside PostgreSQL."""
    perm = Permission.objects.get(codename="view_lagebild", content_type__app_label="lagebilder")
    # The reports themselves are generated inside PostgreSQL (INSERT … SELECT generate_series):
    # seconds instead of many minutes of Python object creation on a busy machine.
    behoerde_ids = [b.pk for b in behoerden]
    gruppe_of = {b.pk: b.gruppe_id for b in behoerden}
    autor_of = {b.pk: next(u.pk for u in users if u.behoerde_id == b.pk) for b in behoerden}
    ak_groups = [ak.gruppe_id for ak in aks]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.20261125)")
        cursor.execute(
            """
            CREATE TEMP TABLE bench_map (idx int PRIMARY KEY, behoerde_id bigint, autor_id bigint, gruppe_id int)
            """
        )
        cursor.executemany(
            "INSERT INTO bench_map VALUES (%s, %s, %s, %s)",
            [(i, pk, autor_of[pk], gruppe_of[pk]) for i, pk in enumerate(behoerde_ids)],
        )
        cursor.execute(
            """
            CREATE TEMP TABLE bench_src AS
            SELECT g AS n, floor(random() * %s)::int AS bidx, random() AS roll, random() AS vs, random() AS st
            FROM generate_series(0, %s - 1) AS g
            """,
            [N_BEHOERDEN, N_REPORTS],
        )
        cursor.execute(
            """
            INSERT INTO lagebilder_lagebild (titel, zusammenfassung, zeitraum_von, zeitraum_bis, regierungsbezirk_id,
                kreis_id, gemeinde_id, klassifikation, autor_id, autor_behoerde_id, status, sichtbarkeit,
                fuer_alle_partner, vsnfd_alle_freigegeben, aktuelle_version_id, erstellt_am, aktualisiert_am,
                veroeffentlicht_am, tokens)
            SELECT 'Lagebild ' || s.n, 'Zusammenfassung des Lagebilds mit Kontrollen und Ergebnissen.',
                DATE '2020-01-01' + (s.n / 72), DATE '2020-01-31' + (s.n / 72), NULL, NULL, NULL,
                CASE WHEN s.vs < 0.2 THEN 'vs_nfd' ELSE 'offen' END, m.autor_id, m.behoerde_id,
                CASE WHEN s.st < 0.95 THEN 'veroeffentlicht' ELSE 'entwurf' END,
                CASE WHEN s.roll < 0.60 THEN 'eigene_behoerde' WHEN s.roll < 0.87 THEN 'behoerden'
                     WHEN s.roll < 0.99 THEN 'arbeitskreise' ELSE 'alle_partner' END,
                s.roll >= 0.99, s.roll >= 0.99, NULL,
                TIMESTAMPTZ '2020-01-01 00:00+00' + s.n * INTERVAL '20 minutes', now(), now(), ''
            FROM bench_src s JOIN bench_map m ON m.idx = s.bidx
            ORDER BY s.n
            """
        )
        # Own authority always; "benannte Behörden": 1–3 further authorities; Arbeitskreis: one group.
        cursor.execute(
            """
            INSERT INTO lagebilder_lagebildgroupobjectpermission (permission_id, group_id, content_object_id)
            SELECT DISTINCT %s, grp, id FROM (
                SELECT l.id, b.gruppe_id AS grp FROM lagebilder_lagebild l
                    JOIN behoerden_behoerde b ON b.id = l.autor_behoerde_id
                UNION ALL
                SELECT l.id, m.gruppe_id FROM lagebilder_lagebild l
                    CROSS JOIN LATERAL generate_series(1, 1 + (l.id %% 3)) AS k
                    JOIN bench_map m ON m.idx = ((l.id * 7 + k * 13) %% %s)
                    WHERE l.sichtbarkeit = 'behoerden'
                UNION ALL
                SELECT l.id, (%s::int[])[1 + (l.id %% %s)] FROM lagebilder_lagebild l
                    WHERE l.sichtbarkeit = 'arbeitskreise'
            ) AS x
            """,
            [perm.pk, N_BEHOERDEN, ak_groups, N_AK],
        )
        cursor.execute(
            """
            INSERT INTO lagebilder_lagebild_fachgebiete (lagebild_id, fachgebiet_id)
            SELECT l.id, (%s::int[])[1 + (l.id %% 8)] FROM lagebilder_lagebild l
            """,
            [[f.pk for f in fachgebiete]],
        )
        cursor.execute("DROP TABLE bench_src")
        cursor.execute("DROP TABLE bench_map")
    print(f"  {N_REPORTS:,} Lagebilder erzeugt", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def percentile(values, q):
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[index]


def measure(client, url, runs, breakdown=False):
    db_times, counts = [], []
    per_query: list[tuple[float, str]] = []
    for _ in range(runs):
        elapsed = [0.0]

        def timer(execute, sql, params, many, context, elapsed=elapsed):
            t0 = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent = time.perf_counter() - t0
                elapsed[0] += spent
                per_query.append((spent * 1000, sql[:90]))

        with connection.execute_wrapper(timer), CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        db_times.append(elapsed[0] * 1000)
        counts.append(len(captured.captured_queries))
    if breakdown:
        last = per_query[-counts[-1] :]
        for spent, sql in sorted(last, reverse=True)[:4]:
            print(f"      {spent:6.1f} ms  {sql}")
    return db_times, counts, response


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Bitte DATABASE_URL auf eine eigene PostgreSQL-Datenbank setzen (siehe Docstring).")
    override_settings(ALLOWED_HOSTS=["*"]).enable()
    call_command("migrate", verbosity=0)
    from accounts.models import User
    from lagebilder.access import visibility_filter
    from lagebilder.models import Lagebild
    from portal.access import MFA_SESSION_KEY

    if args.rebuild or Lagebild.objects.count() < N_REPORTS:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE lagebilder_lagebild, lagebilder_lagebildgroupobjectpermission, "
                "lagebilder_lagebild_fachgebiete, lagebilder_lagebildversion, lagebilder_lagebilduserobjectpermission"
            )
        build(random.Random(20261125))

    # A typical person: member of an Arbeitskreis (index divisible by 3).
    user = User.objects.get(email="bench3@example.org")
    visible = Lagebild.objects.visible_to(user).count()
    print(f"\nLagebilder gesamt: {Lagebild.objects.count():,}; sichtbar für {user.email}: {visible:,}")
    print(
        f"Gruppen-Berechtigungszeilen: {Lagebild._meta.apps.get_model('lagebilder', 'LagebildGroupObjectPermission').objects.count():,}"
    )
    print(
        f"Modellweite view_lagebild-Rechte an Gruppen: {Group.objects.filter(permissions__codename='view_lagebild').count()}"
    )

    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = True
    session.save()

    ordered = Lagebild.objects.visible_to(user).order_by("-erstellt_am", "-id")
    cursor_row = ordered.values_list("erstellt_am", "id")[99 * 25 - 1]
    cursor = f"{int(cursor_row[0].timestamp() * 1_000_000)}.{cursor_row[1]}"
    urls = {"Seite 1": "/lagebilder/", "Seite 100": f"/lagebilder/?nach={cursor}"}
    for label, url in urls.items():
        measure(client, url, 3)  # warm up
        times, counts, response = measure(client, url, args.runs)
        measure(client, url, 1, breakdown=True)
        print(
            f"{label:10s} DB-Zeit p50 {statistics.median(times):6.1f} ms, p95 {percentile(times, 0.95):6.1f} ms, "
            f"SQL-Abfragen {max(counts)} (Zeilen: {response.content.count(b'<tr>') - 1})"
        )
    # The page with a filter, too.
    times, counts, _r = measure(client, "/lagebilder/?geteilt=on", args.runs)
    print(
        f"{'geteilt':10s} DB-Zeit p50 {statistics.median(times):6.1f} ms, p95 {percentile(times, 0.95):6.1f} ms, SQL-Abfragen {max(counts)}"
    )

    print("\nEXPLAIN ANALYZE (Seite 1, berechtigungsgefilterte Liste):")
    page1 = Lagebild.objects.filter(visibility_filter(user)).order_by("-erstellt_am", "-id")[:26]
    plan = page1.explain(analyze=True, buffers=True)
    print(plan)
    print("\nEXPLAIN ANALYZE (Seite 100, Keyset):")
    from django.db.models import Q

    page100 = (
        Lagebild.objects.filter(visibility_filter(user))
        .filter(Q(erstellt_am__lt=cursor_row[0]) | Q(erstellt_am=cursor_row[0], id__lt=cursor_row[1]))
        .order_by("-erstellt_am", "-id")[:26]
    )
    plan100 = page100.explain(analyze=True, buffers=True)
    print(plan100)
    for name, text in (("Seite 1", plan), ("Seite 100", plan100)):
        uses_index = "lagebilder_lagebildgroupobjectpermission" in text and "Index" in text
        # guardian's generic tables compare object_pk (varchar) with a cast id; ours must not.
        casts = bool(re.search(r"(object_pk|content_object_id|\bid)\)?::(text|varchar|character)", text))
        print(f"{name}: Index auf Berechtigungstabelle: {uses_index}; Cast von Objekt-IDs: {casts}")


if __name__ == "__main__":
    main()
