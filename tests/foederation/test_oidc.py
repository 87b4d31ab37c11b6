"""OpenID Connect login with one's own authority against a real OP (django-oauth-toolkit, own process)."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from accounts.authenticators import authenticator_totp_set, new_totp_secret, totp_code
from audit.models import Aktion, AuditEntry

from .conftest import OIDC_CLIENT_SECRET, OIDC_DOMAIN, invite_accepted

pytestmark = pytest.mark.django_db


def callback_from_op(client, op, email, *, mfa=False, start_email=None, fehler="") -> str:
    """Start at the portal, log in at the OP; return the portal callback path the OP redirects to."""
    response = client.post("/konto/behoerde/anmelden/", {"email": start_email or email})
    response = client.get(response["Location"])
    idp_url = response.context["idp_url"]
    assert idp_url.startswith(op.issuer + "/authorize/")
    parts = urlsplit(idp_url)
    session = requests.Session()
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
def oidc_person(oidc_anbieter, user_factory):
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


ID_TOKEN_FAULTS = ("bad-iss", "bad-aud", "expired", "unsigned-bad-iss", "unsigned-bad-aud")


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
    assert AuditEntry.objects.filter(aktion=Aktion.FOEDERATION_ABGELEHNT).exists()


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


def test_code_flow_with_pkce_and_state_the_id_token_only_from_the_token_endpoint(saml_client, oidc_anbieter):
    """What protects the ID token (allauth checks no signature and sends no nonce in the code flow).

    The authorization request asks for a code only (no token through the browser), bound to the session
    by `state` and to this client by PKCE (S256); the token endpoint needs code, verifier and secret.
    """
    response = saml_client.post("/konto/behoerde/anmelden/", {"email": f"jan@{OIDC_DOMAIN}"})
    query = parse_qs(urlsplit(saml_client.get(response["Location"]).context["idp_url"]).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert len(query["state"][0]) >= 12
    assert "id_token" not in query["response_type"][0] and "token" not in query["response_type"][0]
