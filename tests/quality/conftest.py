"""Helpers of the quality gates: the demo account of each role (the demo itself is the `demo` fixture of
tests/conftest.py)."""

from django.test import Client

from portal.access import MFA_SESSION_KEY
from tests.austausch.conftest import _austausch_board_session, board, make_thema  # noqa: F401  (test_email_links)
from tests.erhebungen.conftest import erhebung_factory, geo, raster  # noqa: F401  (test_email_links)

# The four portal roles and the demo account that plays each.
ROLE_EMAILS = {
    "mitglied": "mitglied@pp-essen.nrw.de",
    "ansprechpartner": "ansprechpartner@pp-essen.nrw.de",
    "redaktion": "redaktion@siko-ruhr.nrw.de",
    "geschaeftsstelle": "admin@siko-ruhr.nrw.de",
}
ROLES = list(ROLE_EMAILS)


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
