"""Server time and SQL queries of the staff list and the audit log with the demo data (plus filler rows).

Run after `make demo` has seeded var/siko.sqlite3 (or against any DATABASE_URL with demo data):

    DJANGO_SETTINGS_MODULE=siko_portal.settings.dev .venv/bin/python benchmarks/accounts_pages.py

Adds 500 audit entries and 200 people once (idempotent markers), then times 20 requests per page.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from accounts.models import User  # noqa: E402
from audit.models import Aktion, AuditEntry  # noqa: E402
from behoerden.models import Behoerde  # noqa: E402
from portal.access import MFA_SESSION_KEY  # noqa: E402

override_settings(ALLOWED_HOSTS=["*"]).enable()


def filler() -> None:
    behoerden = list(Behoerde.objects.order_by("pk")[:20])
    if not User.objects.filter(email__startswith="benchmark-").exists():
        User.objects.bulk_create(
            [
                User(
                    email=f"benchmark-{i}@example.org",
                    first_name="Bench",
                    last_name=f"Person {i}",
                    behoerde=behoerden[i % len(behoerden)],
                )
                for i in range(200)
            ]
        )
    if AuditEntry.objects.filter(actor_repr="benchmark").count() < 500:
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(aktion=Aktion.OBJEKT_ANGESEHEN, actor_repr="benchmark", behoerde=behoerden[i % 20])
                for i in range(500)
            ]
        )


def measure(client: Client, url: str, runs: int = 20) -> tuple[float, int]:
    client.get(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(times), len(ctx.captured_queries)


def main() -> None:
    filler()
    admin = User.objects.get(email="admin@siko-ruhr.nrw.de")
    ap = User.objects.get(email="ansprechpartner@pp-essen.nrw.de")
    for label, user in (("Geschäftsstelle", admin), ("Ansprechpartner:in", ap)):
        client = Client()
        client.force_login(user)
        session = client.session
        session[MFA_SESSION_KEY] = True
        session.save()
        for url in ("/konto/personen/", "/protokoll/", "/protokoll/?aktion=login.erfolg"):
            median, queries = measure(client, url)
            print(f"{label:20} {url:32} median {median:6.1f} ms  {queries:2d} SQL-Abfragen")


if __name__ == "__main__":
    main()
