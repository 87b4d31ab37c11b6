"""OpenID Connect login with one's own authority against a real OP (django-oauth-toolkit, own process)."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from accounts.authenticators import authenticator_totp_set, new_totp_secret, totp_code
from audit.models import Aktion, AuditEntry

from .conftest import OIDC_CLIENT_SECRET, OIDC_DOMAIN, OIDC_POST_LOGOUT_REDIRECT_URI, invite_accepted

pytestmark = pytest.mark.django_db


def callback_from_op(client, op, email, *, mfa=False, start_email=None, fehler="", browser=None) -> str:
    """Start at the portal, log in at the OP; return the portal callback path the OP redirects to.

    `browser`: the requests session standing for the browser at the OP (its OP session cookie)."""
    response = client.post("/konto/behoerde/anmelden/", {"email": start_email or email})
    response = client.get(response["Location"])
    idp_url = response.context["idp_url"]
    assert idp_url.startswith(op.issuer + "/authorize/")
    parts = urlsplit(idp_url)
    session = browser if browser is not None else requests.Session()
    url = f"{op.base}/anmelden/"
    params = {
        "email": email,
        "mfa": "1" if mfa else "0",
        "fehler": fehler,
        "next": f"{parts.path}?{parts.query}",
    }
    for _ in range(5):
        answer = session.get(url, params=params, allow_redirects=False, timeout=10)
        location = answer.headers["Location"]
        if location.startswith("http://localhost/"):
            return location.removeprefix("http://localhost")
        url, params = (location if location.startswith("http") else op.base + location), None
    raise AssertionError("Der OIDC-Anbieter leitete nicht zum Portal zurück")


@pytest.fixture
def oidc_person(oidc_anbieter, user_factory, start_page):
    person = user_factory(behoerde=oidc_anbieter.behoerde, email=f"jan@{OIDC_DOMAIN}")
    invite_accepted(person, oidc_anbieter.behoerde)
    person.totp_secret = new_totp_secret()
    authenticator_totp_set(user=person, secret=person.totp_secret)
    return person


def test_secret_is_stored_encrypted_and_kept_out_of_the_socialapp(oidc_anbieter):
    from allauth.socialaccount.models import SocialApp

    assert oidc_anbieter.oidc_client_secret_verschluesselt.startswith("fernet:")
    assert OIDC_CLIENT_SECRET not in oidc_anbieter.oidc_client_secret_verschluesselt
    assert SocialApp.objects.get(provider_id=oidc_anbieter.slug).secret == ""


def test_invited_person_logs_in_through_the_op_then_the_portal_factor(saml_client, oidc_op, oidc_person):
    response = saml_client.get(callback_from_op(saml_client, oidc_op, oidc_person.email))
    assert response.status_code == 302 and response["Location"] == "/konto/2fa/authenticate/"
    response = saml_client.post(response["Location"], {"code": totp_code(oidc_person.totp_secret)})
    assert saml_client.get("/").status_code == 200
    entry = AuditEntry.objects.get(aktion=Aktion.FOEDERATION_ANMELDUNG)
    assert entry.details["protokoll"] == "oidc" and entry.details["zweiter_faktor"] == "portal"


def test_trusted_acr_replaces_the_portal_factor(saml_client, oidc_op, oidc_person, oidc_anbieter):
    oidc_anbieter.mfa_vertraut = True
    oidc_anbieter.mfa_kontexte = "mfa"
    oidc_anbieter.save()
    response = saml_client.get(callback_from_op(saml_client, oidc_op, oidc_person.email, mfa=True))
    assert response.status_code == 302 and "2fa" not in response["Location"]
    assert saml_client.get("/").status_code == 200
    assert AuditEntry.objects.get(aktion=Aktion.FOEDERATION_ANMELDUNG).details["zweiter_faktor"] == "behoerde"


def test_unknown_person_is_refused(saml_client, oidc_op, oidc_anbieter):
    from allauth.socialaccount.models import SocialAccount

    response = saml_client.get(callback_from_op(saml_client, oidc_op, f"fremd@{OIDC_DOMAIN}"))
    assert response.status_code == 403
    assert "Kein Zugang – bitte wenden Sie sich an Ihre Ansprechperson" in response.content.decode()
    assert SocialAccount.objects.count() == 0


# The OP's ID token faults (tests/foederation/oidc_op/validator.py) and the check that refuses each.
ID_TOKEN_FAULTS = {
    "bad-iss": "id_token:issuer",
    "bad-aud": "id_token:audience",
    "expired": "id_token:abgelaufen",
    "iat-future": "id_token:noch_nicht_gueltig",
    "unsigned": "id_token:algorithmus",  # alg none, every claim correct
    "unsigned-bad-iss": "id_token:algorithmus",
    "unsigned-bad-aud": "id_token:algorithmus",
    "wrong-key": "id_token:signatur",  # RS256 with a key that is not the OP's (the OP's kid)
    "hs256-public-key": "id_token:algorithmus",  # HMAC with the OP's public key as "secret"
    "bad-nonce": "id_token:nonce",
    "no-nonce": "id_token:nonce_fehlt",
}


@pytest.mark.parametrize("case", ["bad_state", "replayed_code", "foreign_domain", *ID_TOKEN_FAULTS])
def test_bad_oidc_input_is_refused_in_german_nothing_created_audited(
    saml_client, oidc_op, oidc_person, user_factory, case
):
    from allauth.socialaccount.models import SocialAccount

    email = "jan@andere-behoerde.test" if case == "foreign_domain" else oidc_person.email
    fehler = case if case in ID_TOKEN_FAULTS else ""
    callback = callback_from_op(saml_client, oidc_op, email, start_email=oidc_person.email, fehler=fehler)
    if case == "bad_state":
        callback = callback.replace("state=", "state=gefaelscht")
    if case == "replayed_code":
        saml_client.get(callback)
        SocialAccount.objects.all().delete()
        saml_client.logout()
    response = saml_client.get(callback)
    assert response.status_code in (200, 401, 403)
    text = response.content.decode()
    assert "fehlgeschlagen" in text or "Kein Zugang" in text
    assert "_auth_user_id" not in saml_client.session
    assert SocialAccount.objects.count() == 0
    refusals = AuditEntry.objects.filter(aktion=Aktion.FOEDERATION_ABGELEHNT)
    assert refusals.exists()
    if case in ID_TOKEN_FAULTS:
        assert "Die Anmeldung über Ihre Behörde ist fehlgeschlagen" in text
        assert [entry.details.get("details") for entry in refusals] == [ID_TOKEN_FAULTS[case]]


def test_a_correct_id_token_of_another_login_is_refused(saml_client, oidc_op, oidc_person):
    """The nonce binds the ID token to the login it was asked for: a second login's nonce is not the first's."""
    from allauth.socialaccount.models import SocialAccount

    first = callback_from_op(saml_client, oidc_op, oidc_person.email)
    second = callback_from_op(saml_client, oidc_op, oidc_person.email)
    nonces = saml_client.session["siko_foederation_oidc_nonces"]
    assert len(nonces) == 2 and len(set(nonces.values())) == 2
    # Swap the pending nonces: each state now expects the other login's nonce.
    session = saml_client.session
    (state_a, nonce_a), (state_b, nonce_b) = nonces.items()
    session["siko_foederation_oidc_nonces"] = {state_a: nonce_b, state_b: nonce_a}
    session.save()
    for callback in (first, second):
        response = saml_client.get(callback)
        assert "Die Anmeldung über Ihre Behörde ist fehlgeschlagen" in response.content.decode()
    assert "_auth_user_id" not in saml_client.session and SocialAccount.objects.count() == 0
    details = AuditEntry.objects.filter(aktion=Aktion.FOEDERATION_ABGELEHNT).values_list(
        "details__details", flat=True
    )
    assert sorted(details) == ["id_token:nonce", "id_token:nonce"]


def test_mapped_function_and_name_are_taken_from_the_claims(saml_client, oidc_op, oidc_person, oidc_anbieter):
    oidc_anbieter.zuordnung_funktion = "dienststellung"
    oidc_anbieter.save()
    response = saml_client.get(callback_from_op(saml_client, oidc_op, oidc_person.email))
    assert response.status_code == 302 and response["Location"] == "/konto/2fa/authenticate/"
    oidc_person.refresh_from_db()
    assert (oidc_person.funktion, oidc_person.first_name, oidc_person.last_name) == (
        "Sachgebietsleitung Vollzug",
        "Erika",
        "Beispiel",
    )
    entry = AuditEntry.objects.get(aktion=Aktion.PROFIL_GEAENDERT, subject_id=oidc_person.pk)
    assert "funktion" in entry.details["felder"] and entry.details["anbieter"] == oidc_anbieter.slug


def test_code_flow_with_pkce_state_and_a_fresh_nonce_per_login(saml_client, oidc_anbieter):
    """The authorization request asks for a code only (no token through the browser), bound to the session
    by `state`, to this client by PKCE (S256) and, through a fresh random `nonce` kept in the session for
    this state, the ID token to this very login (checked with its signature in `foederation.oidc`)."""
    nonces = set()
    for _ in range(2):
        response = saml_client.post("/konto/behoerde/anmelden/", {"email": f"jan@{OIDC_DOMAIN}"})
        query = parse_qs(urlsplit(saml_client.get(response["Location"]).context["idp_url"]).query)
        assert query["response_type"] == ["code"]
        assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
        assert len(query["state"][0]) >= 12
        assert "id_token" not in query["response_type"][0] and "token" not in query["response_type"][0]
        assert len(query["nonce"][0]) >= 32
        assert saml_client.session["siko_foederation_oidc_nonces"][query["state"][0]] == query["nonce"][0]
        nonces.add(query["nonce"][0])
    assert len(nonces) == 2


# --- Single logout (RP-initiated logout 1.0) -----------------------------------------------------


def test_logout_ends_the_session_at_the_op_too(saml_client, oidc_op, oidc_person, oidc_anbieter):
    browser = requests.Session()
    response = saml_client.get(callback_from_op(saml_client, oidc_op, oidc_person.email, browser=browser))
    saml_client.post(response["Location"], {"code": totp_code(oidc_person.totp_secret)})
    assert saml_client.get("/").status_code == 200
    response = saml_client.post("/konto/logout/")
    # Logged out locally first, then on to the OP's end_session_endpoint (from its discovery).
    assert "_auth_user_id" not in saml_client.session
    assert saml_client.get("/").status_code == 302
    location = urlsplit(response["Location"])
    assert response.status_code == 302 and f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{oidc_op.issuer}/logout/"
    )
    query = parse_qs(location.query)
    assert query["post_logout_redirect_uri"] == [OIDC_POST_LOGOUT_REDIRECT_URI]
    assert query["client_id"] == [oidc_anbieter.oidc_client_id]
    assert query["id_token_hint"][0].count(".") == 2
    # The OP accepts the hint, ends its session and sends the browser back to the portal's login page.
    answer = browser.get(response["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and answer.headers["Location"] == OIDC_POST_LOGOUT_REDIRECT_URI


def test_logout_is_local_only_without_end_session_endpoint_or_after_a_password_login(
    saml_client, oidc_op, oidc_person, oidc_anbieter
):
    response = saml_client.get(callback_from_op(saml_client, oidc_op, oidc_person.email))
    saml_client.post(response["Location"], {"code": totp_code(oidc_person.totp_secret)})
    session = saml_client.session
    session["siko_foederation_abmeldung"]["end_session_endpoint"] = ""  # an OP that offers none
    session.save()
    response = saml_client.post("/konto/logout/")
    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    assert "_auth_user_id" not in saml_client.session
    # The next login in this browser starts without the federated login's logout data.
    saml_client.force_login(oidc_person)
    assert "siko_foederation_abmeldung" not in saml_client.session
    assert saml_client.post("/konto/logout/")["Location"] == "/konto/login/"
