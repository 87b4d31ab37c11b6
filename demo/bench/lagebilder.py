"""Benchmark data for the load test (benchmarks/seed_bench.py): many Lagebilder on top of the demo.

Reports are generated inside PostgreSQL (INSERT … SELECT generate_series) — seconds instead of minutes —
by the demo's and the benchmark's people, shared like real ones: 60 % own authority, 27 % named
authorities, 12 % Arbeitskreise, 1 % all partners; a fifth VS-NfD, 5 % drafts; one report every 37 minutes over the past year or so.
"""

from django.contrib.auth.models import Permission
from django.db import connection, transaction

from arbeitskreise.models import Arbeitskreis
from behoerden.models import Behoerde
from fachgebiete.models import Fachgebiet
from lagebilder.models import VIEW_CODENAME

PER_SCALE = 2_000


def _index_for_search() -> None:
    """Search tokens and vectors of the generated reports (rows written by SQL skip Lagebild.save)."""
    from lagebilder.models import Lagebild
    from portal import textsearch

    rows = Lagebild.objects.filter(tokens="").values_list("pk", "titel", "zusammenfassung")
    batch = [Lagebild(pk=pk, tokens=textsearch.index_tokens(f"{t} {z}")) for pk, t, z in rows]
    Lagebild.objects.bulk_update(batch, ["tokens"], batch_size=2000)
    textsearch.update_vectors(Lagebild.objects.filter(pk__in=[row.pk for row in batch]))


def seed(scale: int) -> str:
    if connection.vendor != "postgresql":
        return "übersprungen (nur PostgreSQL)"
    count = PER_SCALE * scale
    perm = Permission.objects.get(codename=VIEW_CODENAME, content_type__app_label="lagebilder")
    behoerden = list(Behoerde.objects.filter(aktiv=True).order_by("pk").values_list("pk", "gruppe_id"))
    ak_groups = list(Arbeitskreis.objects.order_by("pk").values_list("gruppe_id", flat=True))
    fachgebiete = list(Fachgebiet.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.20261127)")
        cursor.execute(
            "CREATE TEMP TABLE bench_map (idx int PRIMARY KEY, behoerde_id bigint, autor_id bigint, gruppe_id int)"
        )
        # One author per authority: its first active person.
        cursor.execute(
            """
            INSERT INTO bench_map
            SELECT row_number() OVER (ORDER BY b.id) - 1, b.id,
                   (SELECT u.id FROM accounts_user u WHERE u.behoerde_id = b.id AND u.is_active ORDER BY u.id LIMIT 1),
                   b.gruppe_id
            FROM behoerden_behoerde b WHERE b.aktiv AND b.id = ANY(%s)
              AND EXISTS (SELECT 1 FROM accounts_user u WHERE u.behoerde_id = b.id AND u.is_active)
            """,
            [[pk for pk, _group in behoerden]],
        )
        cursor.execute("SELECT count(*) FROM bench_map")
        authors = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO lagebilder_lagebild (titel, zusammenfassung, zeitraum_von, zeitraum_bis,
                regierungsbezirk_id, kreis_id, gemeinde_id, klassifikation, autor_id, autor_behoerde_id, status,
                sichtbarkeit, fuer_alle_partner, vsnfd_alle_freigegeben, aktuelle_version_id, erstellt_am,
                aktualisiert_am, veroeffentlicht_am, tokens)
            SELECT 'Lagebild ' || (ARRAY['Shisha-Kontrollen','Glücksspiel','Rotlicht','Vermögensabschöpfung',
                       'Verkehrskontrollen','Bewachungsgewerbe'])[1 + (g %% 6)] || ' – Bericht ' || g,
                   'Zusammenfassung: gemeinsame Kontrollen, Feststellungen und Folgemaßnahmen im Berichtszeitraum.',
                   DATE '2021-01-01' + (g / 20), DATE '2021-01-31' + (g / 20), NULL, NULL, NULL,
                   CASE WHEN random() < 0.2 THEN 'vs_nfd' ELSE 'offen' END, m.autor_id, m.behoerde_id,
                   CASE WHEN st < 0.95 THEN 'veroeffentlicht' ELSE 'entwurf' END,
                   CASE WHEN r < 0.60 THEN 'eigene_behoerde' WHEN r < 0.87 THEN 'behoerden'
                        WHEN r < 0.99 THEN 'arbeitskreise' ELSE 'alle_partner' END,
                   r >= 0.99, r >= 0.99, NULL,
                   now() - (%s - g) * INTERVAL '37 minutes', now(),
                   CASE WHEN st < 0.95 THEN now() - (%s - g) * INTERVAL '37 minutes' END, ''
            FROM (SELECT g, random() AS r, random() AS st, floor(random() * %s)::int AS bidx
                  FROM generate_series(1, %s) g) s
            JOIN bench_map m ON m.idx = s.bidx
            """,
            [count, count, authors, count],
        )
        cursor.execute(
            """
            CREATE TEMP TABLE bench_new AS
            SELECT id, sichtbarkeit, autor_behoerde_id FROM lagebilder_lagebild WHERE titel LIKE 'Lagebild %% – Bericht %%'
            """
        )
        cursor.execute(
            """
            INSERT INTO lagebilder_lagebildgroupobjectpermission (permission_id, group_id, content_object_id)
            SELECT DISTINCT %s, grp, id FROM (
                SELECT n.id, b.gruppe_id AS grp FROM bench_new n JOIN behoerden_behoerde b ON b.id = n.autor_behoerde_id
                UNION ALL
                SELECT n.id, m.gruppe_id FROM bench_new n
                    CROSS JOIN LATERAL generate_series(1, 1 + (n.id %% 3)) AS k
                    JOIN bench_map m ON m.idx = ((n.id * 7 + k * 13) %% %s)
                    WHERE n.sichtbarkeit = 'behoerden'
                UNION ALL
                SELECT n.id, (%s::int[])[1 + (n.id %% %s)] FROM bench_new n WHERE n.sichtbarkeit = 'arbeitskreise'
            ) AS x WHERE grp IS NOT NULL
            ON CONFLICT DO NOTHING
            """,
            [perm.pk, authors, ak_groups, max(len(ak_groups), 1)],
        )
        cursor.execute(
            """
            INSERT INTO lagebilder_lagebild_fachgebiete (lagebild_id, fachgebiet_id)
            SELECT id, (%s::bigint[])[1 + (id %% %s)] FROM bench_new ON CONFLICT DO NOTHING
            """,
            [fachgebiete, len(fachgebiete)],
        )
        cursor.execute("DROP TABLE bench_new")
        cursor.execute("DROP TABLE bench_map")
    _index_for_search()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lagebilder_lagebild")
        cursor.execute("ANALYZE lagebilder_lagebildgroupobjectpermission")
        cursor.execute("ANALYZE lagebilder_lagebild_fachgebiete")
    return f"{count} Lagebilder"
