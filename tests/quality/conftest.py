"""Fixtures of the quality gates: the demo installation, seeded once per module and rolled back."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from portal.access import MFA_SESSION_KEY
from tests.austausch.conftest import board, make_thema  # noqa: F401  (test_email_links)
from tests.erhebungen.conftest import erhebung_factory, geo, raster  # noqa: F401  (test_email_links)

# The four portal roles and the demo account that plays each.
ROLE_EMAILS = {
    "mitglied": "mitglied@pp-essen.nrw.de",
    "ansprechpartner": "ansprechpartner@pp-essen.nrw.de",
    "redaktion": "redaktion@siko-ruhr.nrw.de",
    "geschaeftsstelle": "admin@siko-ruhr.nrw.de",
}
ROLES = list(ROLE_EMAILS)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """`seed_demo` (every app's demo.py) inside one transaction that is rolled back after the module.

    Seeding the whole demo takes a few seconds on SQLite; it runs once per module, and the rollback
    keeps it from leaking into other apps' tests on the same worker.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def role_client(role: str) -> Client:
    """A test client logged in as the demo account of `role` (or a demo email), second factor verified."""
    from accounts.models import User

    user = User.objects.get(email=ROLE_EMAILS.get(role, role))
    client = Client(raise_request_exception=False)
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = True
    session.save()
    return client
