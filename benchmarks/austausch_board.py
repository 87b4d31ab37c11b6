"""Benchmark of the exchange board with 100,000 posts in 10,000 threads.

Measures, through the Django test client, the SQL query count and the server time (p50/p95) of
the area index (/austausch/), an area's thread list and a 200-post thread page.

Run (SQLite, in-memory test database):
    DJANGO_SETTINGS_MODULE=siko_portal.settings.test /work/main/.venv/bin/python benchmarks/austausch_board.py
PostgreSQL (own database name):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_austausch DJANGO_SETTINGS_MODULE=siko_portal.settings.test \
        /work/main/.venv/bin/python benchmarks/austausch_board.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

THREADS = int(os.environ.get("BENCH_THREADS", 10_000))
POSTS = int(os.environ.get("BENCH_POSTS", 100_000))
RUNS = int(os.environ.get("BENCH_RUNS", 30))


def seed():
    from django.utils import timezone

    from accounts.models import User
    from arbeitskreise.models import Arbeitskreis, Mitgliedschaft
    from austausch.models import Beitrag, Bereich, Lesestand, Thema
    from austausch.services import bereiche_ensure
    from behoerden.models import Behoerde
    from fachgebiete.models import Fachgebiet

    for i, name in enumerate(["Rotlicht", "Shisha", "Glücksspiel", "Vermögensabschöpfung"]):
        Fachgebiet.objects.get_or_create(name=name, defaults={"slug": f"fg-{i}", "reihenfolge": i})
    for name in [
        "Shisha",
        "Rotlicht",
        "Illegales Glücksspiel",
        "Bewachung",
        "Kommunale Vermögensabschöpfung",
    ]:
        Arbeitskreis.objects.get_or_create(name=name)
    bereiche = bereiche_ensure()
    behoerden = [Behoerde.objects.create(name=f"Benchmark-Behörde {i}", art="kommune") for i in range(20)]
    users = User.objects.bulk_create(
        [
            User(
                email=f"bench{i}@example.org",
                first_name="Person",
                last_name=f"Nr. {i}",
                behoerde=behoerden[i % 20],
            )
            for i in range(200)
        ]
    )
    reader = users[0]
    for ak in Arbeitskreis.objects.all()[:2]:
        Mitgliedschaft.objects.create(arbeitskreis=ak, user=reader)
    now = timezone.now()
    big_area = Bereich.objects.get(slug="allgemein")
    themen = Thema.objects.bulk_create(
        [
            Thema(
                bereich=big_area if i % 2 == 0 else bereiche[i % len(bereiche)],
                titel=f"Benchmark-Thema {i}: Erfahrungen mit Kontrollen",
                autor=users[i % 200],
                letzter_autor=users[(i + 1) % 200],
                letzte_aktivitaet=now - timezone.timedelta(minutes=i),
                beitraege_anzahl=POSTS // THREADS,
            )
            for i in range(THREADS)
        ],
        batch_size=2000,
    )
    big_thread = themen[0]
    per_thread, extra = divmod(POSTS - 200, THREADS - 1)
    batch = [
        Beitrag(thema=big_thread, autor=users[j % 200], text=f"Beitrag {j}", html=f"<p>Beitrag {j}</p>")
        for j in range(200)
    ]
    for index, thema in enumerate(themen[1:]):
        batch += [
            Beitrag(thema=thema, autor=users[j % 200], text=f"Beitrag {j}", html=f"<p>Beitrag {j}</p>")
            for j in range(per_thread + (1 if index < extra else 0))
        ]
        if len(batch) >= 20000:
            Beitrag.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Beitrag.objects.bulk_create(batch, batch_size=5000)
    Lesestand.objects.bulk_create(
        [Lesestand(user=reader, thema=t, gelesen_bis=t.letzte_aktivitaet) for t in themen[::2]],
        batch_size=5000,
    )
    return reader, big_thread


def measure(client, url):
    client.get(url)
    timings, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    timings.sort()
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    return queries, statistics.median(timings), p95, len(response.content)


def main():
    from austausch.models import Beitrag, Thema
    from portal.access import MFA_SESSION_KEY

    setup_test_environment()
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        started = time.perf_counter()
        reader, big_thread = seed()
        print(
            f"Seeded {Thema.objects.count():,} threads / {Beitrag.objects.count():,} posts "
            f"in {time.perf_counter() - started:.0f} s on {connection.vendor}"
        )
        client = Client()
        client.force_login(reader)
        session = client.session
        session[MFA_SESSION_KEY] = True
        session["siko_previous_visit"] = "2020-01-01T00:00:00+00:00"
        session.save()
        print(f"{'page':<32} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>8}")
        for label, url in [
            ("area index /austausch/", "/austausch/"),
            ("area thread list (5,000)", "/austausch/bereich/allgemein/"),
            ("thread page (200 posts)", f"/austausch/thema/{big_thread.pk}/"),
        ]:
            q, p50, p95, size = measure(client, url)
            print(f"{label:<32} {q:>7} {p50:>8.1f} {p95:>8.1f} {size:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
