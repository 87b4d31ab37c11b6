"""Every refusal is audited: role checks answer 404 like object lookups and write the same entry.

The demo installation is the shared `demo` fixture (seeded once per worker); the URLs come from the
URL inventory (tests/url_inventory.py), so each check requests the same concrete paths as the
quality gates.
"""

import pytest
from django.urls import resolve

from audit.models import Aktion, AuditEntry
from tests.quality.conftest import ROLE_EMAILS, role_client
from tests.url_inventory import build_inventory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

CLIENT_IP = "203.0.113.17"
USER_AGENT = "Denial-Test/1.0"

# Pages and actions that only some roles may use. The Mitglied of PP Essen may use none of them
# (for the Lagebild read log the report is another authority's, see `inventory`).
ROLE_RESTRICTED = [
    ("get", "audit:liste"),
    ("get", "accounts:personen"),
    ("get", "accounts:person"),
    ("get", "accounts:einladen"),
    ("post", "accounts:person_aktion"),
    ("post", "accounts:einladung_widerrufen"),
    ("get", "lagebilder:abrufe"),
    ("get", "erhebungen:indikatoren"),
    ("get", "erhebungen:indikator_neu"),
    ("get", "erhebungen:indikator_bearbeiten"),
    ("get", "erhebungen:erhebung_neu"),
    ("post", "erhebungen:oeffnen_fuer"),
    ("get", "newsletter:verwaltung"),
    ("get", "newsletter:verwaltung_detail"),
    ("get", "newsletter:vorschau"),
    ("get", "anfragen:verwaltung"),
    ("get", "praevention:pruefung"),
    ("get", "foederation:liste"),
    ("get", "foederation:neu"),
    ("get", "foederation:detail"),
    ("post", "foederation:verknuepfung_entfernen"),
]
REFUSED_ROLE = "mitglied"


@pytest.fixture
def inventory(demo):
    """Concrete paths by URL name, from the same inventory as the quality gates."""
    from django.urls import reverse

    from accounts.models import User
    from lagebilder.models import Lagebild

    paths = {item.name: item.path for item in build_inventory(pages="per_type") if item.kind == "view"}
    # The read log is open to the author authority: take a report the Mitglied sees but did not write.
    mitglied = User.objects.get(email=ROLE_EMAILS[REFUSED_ROLE])
    foreign = (
        Lagebild.objects.visible_to(mitglied).exclude(autor_behoerde=mitglied.behoerde).order_by("pk").first()
    )
    paths["lagebilder:abrufe"] = reverse("lagebilder:abrufe", kwargs={"pk": foreign.pk})
    return paths


def _request(client, method, path):
    return getattr(client, method)(path, REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT)


def _denials_after(last_pk):
    return list(AuditEntry.objects.filter(pk__gt=last_pk, aktion=Aktion.ZUGRIFF_VERWEIGERT))


def _last_pk():
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize(("method", "url_name"), ROLE_RESTRICTED, ids=[name for _, name in ROLE_RESTRICTED])
def test_role_refusal_answers_404_and_is_audited_once(inventory, method, url_name):
    from accounts.models import User

    path = inventory[url_name]
    user = User.objects.get(email=ROLE_EMAILS[REFUSED_ROLE])
    before = _last_pk()
    response = _request(role_client(REFUSED_ROLE), method, path)
    assert response.status_code == 404, f"{path}: {response.status_code}"
    denials = _denials_after(before)
    assert len(denials) == 1, f"{path}: {len(denials)} denial entries"
    entry = denials[0]
    assert entry.actor_id == user.pk
    assert entry.details["pfad"] == path
    assert entry.ip == CLIENT_IP
    assert entry.user_agent == USER_AGENT


def test_every_404_of_a_portal_page_is_an_audited_denial(inventory):
    """Walk every portal view as a Mitglied: whatever answers 404 wrote exactly one denial entry."""
    client = role_client(REFUSED_ROLE)
    refused, failures = [], []
    for name, path in sorted(inventory.items()):
        view = resolve(path).func
        if view.__module__.split(".")[0] in {"allauth", "wagtail", "django"} or getattr(
            view, "siko_public", False
        ):
            continue  # third-party views; public pages answer an unknown token with their own 404
        before = _last_pk()
        response = _request(client, "get", path)
        if response.status_code != 404:
            continue
        refused.append(name)
        denials = [entry for entry in _denials_after(before) if entry.details.get("pfad") == path]
        if len(denials) != 1 or denials[0].ip != CLIENT_IP:
            failures.append(f"{name} {path}: {len(denials)} denial entries")
    assert not failures, "\n".join(failures)
    # The walk reached the role-restricted pages (not a vacuous pass).
    assert {"audit:liste", "accounts:personen", "newsletter:verwaltung", "erhebungen:indikatoren"} <= set(
        refused
    )
