"""Benchmark data for the load test (benchmarks/seed_bench.py): a long audit log.

Runs after demo.bench.lagebilder, whose reports the view and download entries point at. Entries are generated inside PostgreSQL: logins, Lagebild views and downloads by random people over
the past two years, 20,000 per scale step.
"""

from django.db import connection, transaction

PER_SCALE = 20_000


def seed(scale: int) -> str:
    if connection.vendor != "postgresql":
        return "übersprungen (nur PostgreSQL)"
    count = PER_SCALE * scale
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.27)")
        cursor.execute(
            """
            CREATE TEMP TABLE bench_people AS
            SELECT row_number() OVER (ORDER BY u.id) - 1 AS idx, u.id,
                   trim(u.first_name || ' ' || u.last_name) || ' <' || u.email || '>' AS actor_repr, u.behoerde_id,
                   coalesce(b.name, '') AS behoerde_name
            FROM accounts_user u LEFT JOIN behoerden_behoerde b ON b.id = u.behoerde_id
            """
        )
        cursor.execute("SELECT count(*) FROM bench_people")
        people = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(min(id), 1), coalesce(max(id), 1) FROM lagebilder_lagebild")
        low, high = cursor.fetchone()
        cursor.execute(
            """
            INSERT INTO audit_auditentry (zeitpunkt, aktion, actor_id, actor_repr, actor_behoerde_repr,
                behoerde_id, subject_id, objekt_typ, objekt_id, objekt_repr, ip, details)
            SELECT now() - (%s - g) * INTERVAL '3 minutes',
                   CASE WHEN r < 0.4 THEN 'login.erfolg' WHEN r < 0.8 THEN 'objekt.angesehen' ELSE 'datei.heruntergeladen' END,
                   p.id, p.actor_repr, p.behoerde_name, p.behoerde_id, NULL,
                   CASE WHEN r < 0.4 THEN '' ELSE 'lagebilder.lagebild' END,
                   CASE WHEN r < 0.4 THEN '' ELSE (%s + (g %% %s))::text END,
                   CASE WHEN r < 0.4 THEN '' ELSE 'Lagebild ' || (%s + (g %% %s)) END,
                   '10.0.0.1', '{}'::jsonb
            FROM (SELECT g, random() AS r, floor(random() * %s)::int AS pidx FROM generate_series(1, %s) g) s
            JOIN bench_people p ON p.idx = s.pidx
            """,
            [count, low, high - low + 1, low, high - low + 1, people, count],
        )
        cursor.execute("DROP TABLE bench_people")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditentry")
    return f"{count} Protokolleinträge"
