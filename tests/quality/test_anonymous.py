"""Every URL of the portal, requested anonymously, ends at the login page — except the public ones."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse

from tests.url_inventory import EXCLUDED, EXCLUDED_PREFIXES, all_patterns, build_inventory

pytestmark = pytest.mark.django_db

# URL names that answer without login, each with its reason. Everything else must redirect.
PUBLIC_ALLOWLIST = {
    "health": "health check for the load balancer, no personal data",
    "static": "static files (CSS, JS, images)",
    "account_login": "login",
    "account_logout": "logout must work for a half-logged-in session",
    "account_reset_password": "password reset request (does not reveal whether an account exists)",
    "account_reset_password_done": "password reset request sent",
    "account_reset_password_from_key": "password reset link from the email",
    "account_reset_password_from_key_done": "password reset finished",
    "account_inactive": "notice for deactivated accounts",
    "mfa_authenticate": "second step of the login (TOTP / WebAuthn)",
    # Login with one's own authority (foederation): the chooser, the step to the IdP, allauth's error pages.
    "foederation:anmelden": "choose the authority whose identity provider logs one in",
    "foederation:weiter": "moves on to the authority's identity provider (German refusal if unknown)",
    "foederation:einladung_erbitten": "after a refused federated login: ask the Ansprechperson for an "
    "invitation (only with the IdP's answer in the session, if the authority allows it)",
    "openid_connect_callback": "the IdP's answer to an OIDC login (state, nonce and the ID token's "
    "signature checked by foederation.oidc; 404 for an unknown authority)",
    "saml_sls": "the IdP's SAML logout messages (foederation.abmeldung.sls: only validly signed ones are "
    "taken; 404 for an unknown authority)",
    "socialaccount_login_cancelled": "allauth: the person cancelled at the identity provider",
    "socialaccount_login_error": "allauth: the identity provider's answer was refused (German page, audited)",
    # Invitation acceptance (accounts app): accepting the link sets the password.
    "accounts:einladung": "invitation acceptance",
    # One-click unsubscribe from the newsletter email (RFC 8058): acts only on a valid signed token.
    "newsletter:abmelden": "List-Unsubscribe-Post one-click endpoint",
    # Calendar apps subscribe without a session: the secret token names the person (404 if unknown).
    "veranstaltungen:abo_feed": "personal calendar subscription feed with a secret token",
    # Legal pages: linked from every footer, the login page included (Impressum, Art. 13 DSGVO, BITV 2.0).
    "rechtliches:impressum": "Impressum, readable before login",
    "rechtliches:datenschutz": "Datenschutzhinweise, readable before login",
    "rechtliches:barrierefreiheit": "Erklärung zur Barrierefreiheit with its feedback form (a barrier may be the login)",
    "page:rechtliches.ImpressumPage": "the Impressum page, served at rechtliches:impressum",
    "page:rechtliches.DatenschutzPage": "the Datenschutz page, served at rechtliches:datenschutz",
    "page:rechtliches.BarrierefreiheitPage": "the Barrierefreiheit page, served at rechtliches:barrierefreiheit",
}


def _assert_login_redirect(url, response, failures):
    if response.status_code != 302:
        failures.append(f"{url}: status {response.status_code}, expected 302 to the login page")
        return
    location = urlparse(response["Location"])
    if location.path != reverse("account_login"):
        failures.append(f"{url}: redirects to {response['Location']}, expected the login page")
        return
    next_url = parse_qs(location.query).get("next", [""])[0]
    if next_url and not (next_url.startswith("/") and not next_url.startswith("//")):
        failures.append(f"{url}: next={next_url!r} is not a local path")


def test_every_url_redirects_anonymous_to_login(demo):
    inventory = build_inventory(anonymous=True, pages="all")
    assert any(item.kind == "page" for item in inventory), "no Wagtail page in the inventory"
    assert any(item.path == "/admin/" for item in inventory)
    client = Client(raise_request_exception=False)
    failures = []
    checked = 0
    for url in inventory:
        response = client.get(url.path)
        checked += 1
        if url.name in PUBLIC_ALLOWLIST:
            if response.status_code >= 500:
                failures.append(f"{url}: public URL answers {response.status_code}")
            continue
        _assert_login_redirect(url, response, failures)
    assert not failures, f"{len(failures)} of {checked} URLs are not protected:\n" + "\n".join(failures)
    assert checked > 100  # the whole inventory was walked, including the Wagtail admin


def test_post_requests_are_also_refused(demo):
    """Writes: a POST to any non-public portal URL goes to the login page as well (CSRF aside)."""
    client = Client(enforce_csrf_checks=False, raise_request_exception=False)
    failures = []
    for url in build_inventory(anonymous=True, pages="per_type"):
        if url.name in PUBLIC_ALLOWLIST or not url.local:
            continue
        response = client.post(url.path, {"q": "x"})
        if response.status_code not in (302, 405):
            failures.append(f"{url}: POST answers {response.status_code}")
        elif response.status_code == 302 and not response["Location"].startswith(reverse("account_login")):
            failures.append(f"{url}: POST redirects to {response['Location']}")
    assert not failures, "\n".join(failures)


def test_login_next_parameter_brings_the_person_back(demo):
    response = Client().get("/suche/?q=Clan")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/suche/%3Fq%3DClan"


def test_exclusions_are_documented_and_third_party_only():
    local_names = {p.name for p in all_patterns() if p.local}
    assert not local_names & set(EXCLUDED), "portal URLs must not be excluded"
    assert all(reason.strip() for reason in [*EXCLUDED.values(), *EXCLUDED_PREFIXES.values()])
