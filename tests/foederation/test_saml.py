"""SAML 2.0 login with one's own authority against a real pysaml2 IdP (in-process, signing with xmlsec1)."""

import pytest

from accounts.authenticators import totp_code
from audit.models import Aktion, AuditEntry

from .conftest import DOMAIN, SLUG, invite_accepted
from .saml_idp import MFA_CONTEXT

pytestmark = pytest.mark.django_db


def start(client, email):
    response = client.post("/konto/behoerde/anmelden/", {"email": email})
    assert response.status_code == 302, response.content[:300]
    response = client.get(response["Location"])
    assert response.status_code == 200, response.content[:300]
    idp_url = response.context["idp_url"]
    assert idp_url.startswith("http://127.0.0.1:8301/sso?SAMLRequest=")
    return idp_url


def deliver(client, answer):
    """Post the IdP's answer to the ACS like the browser's auto-submitting form, and follow to the end."""
    path = answer["url"].replace("http://localhost", "")
    response = client.post(path, answer["data"])
    assert response.status_code == 302
    return client.get(response["Location"])


def social_accounts():
    from allauth.socialaccount.models import SocialAccount

    return SocialAccount.objects.count()


def test_invited_person_logs_in_through_the_idp_then_gives_the_portal_factor(saml_client, saml_idp, invited):
    response = deliver(saml_client, saml_idp.answer(start(saml_client, invited.email), email=invited.email))
    assert response.status_code == 302 and response["Location"] == "/konto/2fa/authenticate/"
    response = saml_client.post(response["Location"], {"code": totp_code(invited.totp_secret)})
    assert response.status_code == 302
    assert saml_client.get("/").status_code == 200
    assert saml_client.session["siko_mfa_verified"] is True
    assert social_accounts() == 1
    entry = AuditEntry.objects.get(aktion=Aktion.FOEDERATION_ANMELDUNG)
    assert entry.details["zweiter_faktor"] == "portal"
    assert AuditEntry.objects.filter(aktion=Aktion.FOEDERATION_VERKNUEPFT, subject_id=invited.pk).exists()
    from django.core import mail

    assert [m.subject for m in mail.outbox if m.to == [invited.email]] == [
        "[SiKo Ruhr] Anmeldung über Ihre Behörde eingerichtet"
    ]
    assert "mit dem Konto Ihrer Behörde verknüpft" in mail.outbox[-1].body


def test_trusted_idp_mfa_replaces_the_portal_factor_only_when_reported(saml_client, saml_idp, invited):
    anbieter = saml_idp.anbieter
    anbieter.mfa_vertraut = True
    anbieter.mfa_kontexte = MFA_CONTEXT
    anbieter.save()
    # Password-only context: the portal still asks its own factor.
    response = deliver(saml_client, saml_idp.answer(start(saml_client, invited.email), email=invited.email))
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert not saml_client.session.get("siko_mfa_verified")
    # Reported MFA context: accepted without the portal's factor.
    other = type(saml_client)(HTTP_HOST="localhost")
    answer = saml_idp.answer(start(other, invited.email), email=invited.email, context=MFA_CONTEXT)
    response = deliver(other, answer)
    assert response.status_code == 302 and "2fa" not in response["Location"]
    assert other.get("/").status_code == 200
    paths = list(
        AuditEntry.objects.filter(aktion=Aktion.FOEDERATION_ANMELDUNG).values_list(
            "details__zweiter_faktor", flat=True
        )
    )
    assert sorted(paths) == ["behoerde", "portal"]


def test_unknown_person_gets_the_german_refusal_and_nothing_is_created(saml_client, saml_idp):
    email = f"unbekannt@{DOMAIN}"
    response = deliver(saml_client, saml_idp.answer(start(saml_client, email), email=email))
    assert response.status_code == 403
    assert "Kein Zugang – bitte wenden Sie sich an Ihre Ansprechperson" in response.content.decode()
    from accounts.models import User

    assert not User.objects.filter(email=email).exists()
    assert social_accounts() == 0
    assert AuditEntry.objects.get(aktion=Aktion.FOEDERATION_ABGELEHNT).details["grund"] == "nicht_eingeladen"


def test_deactivated_person_is_refused(saml_client, saml_idp, invited):
    invited.is_active = False
    invited.save()
    response = deliver(saml_client, saml_idp.answer(start(saml_client, invited.email), email=invited.email))
    assert response.status_code == 403
    assert "derzeit deaktiviert" in response.content.decode()
    assert "_auth_user_id" not in saml_client.session
    assert AuditEntry.objects.get(aktion=Aktion.FOEDERATION_ABGELEHNT).details["grund"] == "deaktiviert"


def test_person_of_another_authority_with_same_domain_account_is_refused(
    saml_client, saml_idp, user_factory, behoerde_factory
):
    other = behoerde_factory(name="Andere Behörde")
    person = user_factory(behoerde=other, email=f"max@{DOMAIN}")
    invite_accepted(person, other)
    response = deliver(saml_client, saml_idp.answer(start(saml_client, person.email), email=person.email))
    assert response.status_code == 403
    assert social_accounts() == 0


def test_sp_metadata_names_the_portal_acs_and_entity_id(saml_client, saml_idp):
    metadata = saml_idp.sp_metadata
    assert f"http://localhost:8000/konto/saml/{SLUG}/metadata/" in metadata or "entityID=" in metadata
    assert f"/konto/saml/{SLUG}/acs/" in metadata


def _replay(client, idp, invited):
    answer = idp.answer(start(client, invited.email), email=invited.email)
    deliver(client, answer)
    fresh = type(client)(HTTP_HOST="localhost")
    return answer, fresh


BAD_SAML = {
    "unsigned": {"signed": False},
    "wrong_key": {"key": "fremd"},
    "expired": {"lifetime_minutes": -30},
    "wrong_audience": {"audience": "https://anderes-portal.example/saml/metadata/"},
    "wrong_recipient": {"destination": "http://localhost/konto/saml/andere/acs/"},
    "foreign_domain": {"email": "erika@andere-behoerde.test"},
    # Signed for someone the IdP knows, an unsigned assertion for the invited person added or swapped in.
    "xsw_injected": {"email": f"mallory@{DOMAIN}", "tamper": "xsw_injected"},
    "xsw_moved": {"email": f"mallory@{DOMAIN}", "tamper": "xsw_moved"},
    "not_yet_valid": {"tamper": "not_yet_valid"},
}


@pytest.mark.parametrize("case", [*BAD_SAML, "replay"])
def test_bad_saml_input_is_refused_in_german_nothing_created_audited(saml_client, saml_idp, invited, case):
    from accounts.models import User

    users_before = User.objects.count()
    if case == "replay":
        answer, client = _replay(saml_client, saml_idp, invited)
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.all().delete()
        start(client, invited.email)
    else:
        options = {"email": invited.email, "victim": invited.email, **BAD_SAML[case]}
        answer = saml_idp.answer(start(saml_client, invited.email), **options)
        client = saml_client
    response = deliver(client, answer)
    assert response.status_code in (401, 403)
    text = response.content.decode()
    assert "fehlgeschlagen" in text or "Kein Zugang" in text
    assert "_auth_user_id" not in client.session
    assert social_accounts() == 0
    assert User.objects.count() == users_before
    assert AuditEntry.objects.filter(aktion=Aktion.FOEDERATION_ABGELEHNT).exists()
    if "tamper" in BAD_SAML.get(case, {}):
        # python3-saml itself refuses the response (not only the invitation rule afterwards).
        entry = AuditEntry.objects.get(aktion=Aktion.FOEDERATION_ABGELEHNT)
        assert entry.details["grund"] == "protokollfehler", entry.details
        expected = "not yet valid" if case == "not_yet_valid" else "must contain 1 assertion"
        assert expected in entry.details["details"]


def test_mapped_function_and_name_are_taken_from_the_assertion(saml_client, saml_idp, invited):
    anbieter = saml_idp.anbieter
    anbieter.zuordnung_funktion = "urn:oid:2.5.4.12"  # "title"
    anbieter.save()
    answer = saml_idp.answer(
        start(saml_client, invited.email),
        email=invited.email,
        first_name="Erika Maria",
        last_name="Muster",
        attributes={"title": ["Kriminalhauptkommissarin"]},
    )
    deliver(saml_client, answer)
    invited.refresh_from_db()
    assert (invited.funktion, invited.first_name, invited.last_name) == (
        "Kriminalhauptkommissarin",
        "Erika Maria",
        "Muster",
    )
    entry = AuditEntry.objects.get(aktion=Aktion.PROFIL_GEAENDERT, subject_id=invited.pk)
    assert sorted(entry.details["felder"]) == ["first_name", "funktion", "last_name"]
    assert entry.details["quelle"] == "behoerde"
    # The next login (an existing link) follows a change at the authority; the name stays as it is.
    again = type(saml_client)(HTTP_HOST="localhost")
    answer = saml_idp.answer(
        start(again, invited.email),
        email=invited.email,
        first_name="Erika Maria",
        last_name="Muster",
        attributes={"title": ["Erste Kriminalhauptkommissarin"]},
    )
    deliver(again, answer)
    invited.refresh_from_db()
    assert invited.funktion == "Erste Kriminalhauptkommissarin"
    last = AuditEntry.objects.filter(aktion=Aktion.PROFIL_GEAENDERT).order_by("-pk").first()
    assert last.details["felder"] == ["funktion"]


def test_without_function_mapping_the_profile_stays(saml_client, saml_idp, invited):
    before = (invited.funktion, invited.first_name, invited.last_name)
    answer = saml_idp.answer(
        start(saml_client, invited.email),
        email=invited.email,
        first_name="Anders",
        attributes={"title": ["Kriminalhauptkommissarin"]},
    )
    deliver(saml_client, answer)
    invited.refresh_from_db()
    assert (invited.funktion, invited.first_name, invited.last_name) == before
    assert not AuditEntry.objects.filter(aktion=Aktion.PROFIL_GEAENDERT).exists()


# --- Single logout --------------------------------------------------------------------------------


def logged_in(client, idp, person):
    response = deliver(client, idp.answer(start(client, person.email), email=person.email))
    client.post(response["Location"], {"code": totp_code(person.totp_secret)})
    assert client.get("/").status_code == 200


def test_logout_sends_a_logout_request_to_the_idp_which_answers_at_the_sls(saml_client, saml_idp, invited):
    logged_in(saml_client, saml_idp, invited)
    response = saml_client.post("/konto/logout/")
    # Logged out locally first; then to the IdP's SingleLogoutService with a LogoutRequest.
    assert "_auth_user_id" not in saml_client.session
    assert response.status_code == 302 and response["Location"].startswith(
        "http://127.0.0.1:8301/slo?SAMLRequest="
    )
    request, answer_url = saml_idp.logout_request_from_sp(response["Location"])
    assert request.name_id.text == f"id-{invited.email}"
    assert [index.text for index in request.session_index] and request.session_index[0].text
    assert request.issuer.text.endswith("/konto/saml/polizei-ruhr/metadata/")
    # The IdP's LogoutResponse arrives at allauth's SLS address and ends on the login page.
    assert answer_url.startswith("http://localhost/konto/saml/polizei-ruhr/sls/?SAMLResponse=")
    response = saml_client.get(answer_url.removeprefix("http://localhost"))
    assert response.status_code == 302 and response["Location"] == "/konto/login/"


def test_idp_initiated_logout_ends_the_portal_session(saml_client, saml_idp, invited):
    logged_in(saml_client, saml_idp, invited)
    url = saml_idp.logout_request_to_sp(
        sls_url="http://localhost/konto/saml/polizei-ruhr/sls/", email=invited.email
    )
    response = saml_client.get(url.removeprefix("http://localhost"))
    assert response.status_code == 302
    assert "_auth_user_id" not in saml_client.session
    assert saml_client.get("/").status_code == 302


SLS = "http://localhost/konto/saml/polizei-ruhr/sls/"


def refused_and_still_logged_in(client, response, person, grund):
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(person.pk)
    page = client.get("/")
    assert page.status_code == 200
    assert "nicht gültig signiert" in page.content.decode()
    entry = AuditEntry.objects.filter(aktion=Aktion.FOEDERATION_ABMELDUNG_ABGELEHNT).get()
    assert entry.actor == person and entry.details["grund"] == grund
    assert entry.objekt_typ == "foederation.identitaetsanbieter"


@pytest.mark.parametrize(
    ("signed", "key", "grund"), [(False, "idp", "unsigniert"), (True, "fremd", "ungueltig")]
)
def test_idp_initiated_logout_unsigned_or_foreign_signed_is_refused(
    saml_client, saml_idp, invited, signed, key, grund
):
    logged_in(saml_client, saml_idp, invited)
    url = saml_idp.logout_request_to_sp(sls_url=SLS, email=invited.email, signed=signed, key=key)
    response = saml_client.get(url.removeprefix("http://localhost"))
    refused_and_still_logged_in(saml_client, response, invited, grund)


def portal_logout_request(idp, person) -> str:
    """A LogoutRequest of the portal for the person (allauth's `build_auth`, as `foederation.abmeldung`)."""
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.providers.saml.utils import build_auth
    from django.test import RequestFactory

    request = RequestFactory().get("/konto/logout/", HTTP_HOST="localhost")
    app = get_adapter(request).get_app(request, provider=idp.anbieter.slug)
    auth = build_auth(request, app.get_provider(request))
    return auth.logout(return_to="http://localhost/konto/login/", name_id=f"id-{person.email}")


@pytest.mark.parametrize(
    ("signed", "key", "grund"), [(False, "idp", "unsigniert"), (True, "fremd", "ungueltig")]
)
def test_forged_logout_response_is_refused(saml_client, saml_idp, invited, signed, key, grund):
    logged_in(saml_client, saml_idp, invited)
    # A LogoutResponse to a LogoutRequest of the portal, delivered while the person is logged in.
    request_url = portal_logout_request(saml_idp, invited)
    _request, answer_url = saml_idp.logout_request_from_sp(request_url, signed=signed, key=key)
    response = saml_client.get(answer_url.removeprefix("http://localhost"))
    refused_and_still_logged_in(saml_client, response, invited, grund)


def test_unsigned_logout_is_taken_when_the_idp_cannot_sign(saml_client, saml_idp, invited):
    from foederation.services import socialapp_sync

    type(saml_idp.anbieter).objects.filter(pk=saml_idp.anbieter.pk).update(saml_abmeldung_signiert=False)
    saml_idp.anbieter.refresh_from_db()
    socialapp_sync(anbieter=saml_idp.anbieter)
    logged_in(saml_client, saml_idp, invited)
    url = saml_idp.logout_request_to_sp(sls_url=SLS, email=invited.email, signed=False)
    response = saml_client.get(url.removeprefix("http://localhost"))
    assert response.status_code == 302
    assert "_auth_user_id" not in saml_client.session
    assert not AuditEntry.objects.filter(aktion=Aktion.FOEDERATION_ABMELDUNG_ABGELEHNT).exists()


def test_logout_is_local_when_the_idp_offers_no_slo(saml_client, saml_idp, invited):
    from foederation.services import socialapp_sync

    type(saml_idp.anbieter).objects.filter(pk=saml_idp.anbieter.pk).update(saml_slo_url="")
    saml_idp.anbieter.refresh_from_db()
    socialapp_sync(anbieter=saml_idp.anbieter)
    logged_in(saml_client, saml_idp, invited)
    response = saml_client.post("/konto/logout/")
    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    assert "_auth_user_id" not in saml_client.session


def test_logout_is_local_when_the_idp_configuration_cannot_be_used(saml_client, saml_idp, invited):
    from allauth.socialaccount.models import SocialApp

    logged_in(saml_client, saml_idp, invited)
    # The LogoutRequest cannot be built (here: the provider's SocialApp is gone): still logged out.
    SocialApp.objects.filter(provider_id=saml_idp.anbieter.slug).delete()
    response = saml_client.post("/konto/logout/")
    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    assert "_auth_user_id" not in saml_client.session
