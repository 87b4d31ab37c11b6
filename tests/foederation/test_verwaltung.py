"""The Geschäftsstelle configures an authority's identity provider in the portal; nobody else may."""

import pytest
from allauth.socialaccount.models import SocialApp

from audit.models import Aktion, AuditEntry
from foederation.models import Identitaetsanbieter

from .saml_idp import TestIdP

pytestmark = pytest.mark.django_db


@pytest.fixture
def idp_metadata():
    idp = TestIdP(
        entity_id="https://adfs.stadt-test.de/adfs/services/trust", sso_url="https://adfs.stadt-test.de/sso"
    )
    yield idp.metadata_xml()
    idp.close()


def test_geschaeftsstelle_sets_up_saml_from_metadata_and_gets_the_sp_metadata(
    login, geschaeftsstelle, behoerde_factory, idp_metadata
):
    behoerde = behoerde_factory(name="Stadt Test")
    client = login(geschaeftsstelle)
    # Signed logout messages are asked for unless switched off.
    form = client.get("/konto/behoerde/identitaetsanbieter/neu/").context["form"]
    assert form["saml_abmeldung_signiert"].value() is True
    response = client.post(
        "/konto/behoerde/identitaetsanbieter/neu/",
        {
            "behoerde": behoerde.pk,
            "slug": "stadt-test",
            "protokoll": "saml",
            "aktiv": "on",
            "email_domaenen": "stadt-test.de",
            "saml_metadaten_xml": idp_metadata,
            "saml_abmeldung_signiert": "on",
            "oidc_scopes": "openid email profile",
            "mfa_hoechstalter_minuten": 10,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    anbieter = Identitaetsanbieter.objects.get(slug="stadt-test")
    assert anbieter.saml_abmeldung_signiert is True
    assert anbieter.saml_entity_id == "https://adfs.stadt-test.de/adfs/services/trust"
    assert anbieter.saml_sso_url == "https://adfs.stadt-test.de/sso"
    app = SocialApp.objects.get(provider="saml", provider_id="stadt-test")
    assert app.settings["advanced"]["want_assertion_signed"] is True
    assert AuditEntry.objects.filter(aktion=Aktion.FOEDERATION_KONFIGURIERT).exists()
    # Function mapping and the request to invite are off unless set.
    assert anbieter.zuordnung_funktion == "" and anbieter.einladungsanfrage is False
    detail = client.get(response["Location"])
    assert "SP-Metadaten herunterladen" in detail.content.decode()
    assert f"/konto/saml/{anbieter.slug}/sls/</code>" in detail.content.decode()
    assert "nur mit gültiger Signatur" in detail.content.decode()
    # python3-saml refuses the single-label host "testserver" in addresses; real hosts have dots.
    metadata = client.get("/konto/saml/stadt-test/metadata/", HTTP_HOST="localhost")
    assert metadata.status_code == 200 and b"AssertionConsumerService" in metadata.content


def test_an_address_typed_without_a_scheme_reads_as_https(login, geschaeftsstelle, behoerde_factory):
    behoerde = behoerde_factory(name="Stadt Ohne Schema")
    client = login(geschaeftsstelle)
    response = client.post(
        "/konto/behoerde/identitaetsanbieter/neu/",
        {
            "behoerde": behoerde.pk,
            "slug": "ohne-schema",
            "protokoll": "saml",
            "email_domaenen": "ohne-schema.de",
            "saml_entity_id": "https://adfs.ohne-schema.de/trust",
            "saml_sso_url": "adfs.ohne-schema.de/sso",
            "saml_zertifikat": "MIIB",
            "oidc_scopes": "openid email",
            "mfa_hoechstalter_minuten": 10,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert (
        Identitaetsanbieter.objects.get(slug="ohne-schema").saml_sso_url == "https://adfs.ohne-schema.de/sso"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"protokoll": "saml", "saml_metadaten_xml": "<kein xml"}, "konnten nicht gelesen werden"),
        ({"protokoll": "saml"}, "Bitte geben Sie die Metadaten des IdP an"),
        (
            {"protokoll": "oidc", "oidc_issuer": "https://idp.test/realms/x"},
            "Issuer, Client-ID und Client-Secret",
        ),
        (
            {"protokoll": "saml", "mfa_vertraut": "on", "saml_metadaten_xml": "x"},
            "anerkannten Kontexte angeben",
        ),
    ],
)
def test_bad_configuration_is_refused_in_german_and_changes_nothing(
    login, geschaeftsstelle, behoerde_factory, data, message
):
    behoerde = behoerde_factory()
    client = login(geschaeftsstelle)
    payload = {
        "behoerde": behoerde.pk,
        "slug": "x-behoerde",
        "email_domaenen": "x.de",
        "oidc_scopes": "openid email",
        "mfa_hoechstalter_minuten": 10,
        **data,
    }
    response = client.post("/konto/behoerde/identitaetsanbieter/neu/", payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Identitaetsanbieter.objects.exists()
    assert not SocialApp.objects.exists()


@pytest.mark.parametrize("role", ["mitglied", "ansprechpartner", "redaktion"])
def test_only_the_geschaeftsstelle_reaches_the_configuration(login, user_factory, role):
    client = login(user_factory(role))
    assert client.get("/konto/behoerde/identitaetsanbieter/").status_code == 404
    assert client.get("/konto/behoerde/identitaetsanbieter/neu/").status_code == 404
    assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT).count() == 2


def test_login_chooser_recognises_the_authority_by_email_domain_or_refuses_in_german(client, db):
    response = client.post("/konto/behoerde/anmelden/", {"email": "jemand@unbekannt.de"})
    assert response.status_code == 200
    assert "keine Anmeldung über die Behörde eingerichtet" in response.content.decode()
    login_page = client.get("/konto/login/")
    assert "Mit Ihrer Behörde anmelden" in login_page.content.decode()


def test_ansprechpartner_removes_a_federated_link_after_confirming(
    login, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    from allauth.socialaccount.models import SocialAccount

    from benachrichtigungen.models import Benachrichtigung
    from tests.confirmations import assert_asks_first

    ap = user_factory("ansprechpartner")
    person = user_factory(behoerde=ap.behoerde)
    konto = SocialAccount.objects.create(user=person, provider="x-behoerde", uid="123")
    client = login(ap)
    assert "Verknüpfung entfernen" in client.get(f"/konto/personen/{person.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert_asks_first(
            client,
            f"/konto/behoerde/verknuepfungen/{konto.pk}/entfernen/",
            {},
            done=lambda: not SocialAccount.objects.filter(pk=konto.pk).exists(),
            says="Verknüpfung entfernen",
        )
    assert AuditEntry.objects.filter(
        aktion=Aktion.FOEDERATION_VERKNUEPFUNG_ENTFERNT, subject_id=person.pk
    ).exists()
    # The person concerned hears of it in the portal and by email (no portal content in either).
    note = Benachrichtigung.objects.get(empfaenger=person, art="foederation.verknuepfung_entfernt")
    assert "Verknüpfung Ihres Portal-Kontos" in note.titel and not note.ist_vsnfd
    mails = [m for m in mailoutbox if person.email in m.to]
    assert len(mails) == 1 and "Verknüpfung Ihres Portal-Kontos" in mails[0].body
    assert not Benachrichtigung.objects.filter(empfaenger=ap).exists()


def test_link_of_another_authority_is_not_found(login, user_factory):
    from allauth.socialaccount.models import SocialAccount

    other = user_factory()
    konto = SocialAccount.objects.create(user=other, provider="x", uid="1")
    client = login(user_factory("ansprechpartner"))
    assert (
        client.post(f"/konto/behoerde/verknuepfungen/{konto.pk}/entfernen/", {"bestaetigt": "ja"}).status_code
        == 404
    )
    assert SocialAccount.objects.filter(pk=konto.pk).exists()


def test_function_mapping_and_request_to_invite_are_set_in_the_form(login, geschaeftsstelle, saml_idp):
    client = login(geschaeftsstelle)
    anbieter = saml_idp.anbieter
    response = client.post(
        f"/konto/behoerde/identitaetsanbieter/{anbieter.pk}/bearbeiten/",
        {
            "behoerde": anbieter.behoerde_id,
            "slug": anbieter.slug,
            "protokoll": "saml",
            "aktiv": "on",
            "email_domaenen": "\n".join(anbieter.domaenen),
            "saml_entity_id": anbieter.saml_entity_id,
            "saml_sso_url": anbieter.saml_sso_url,
            "saml_zertifikat": anbieter.saml_zertifikat,
            "oidc_scopes": "openid email profile",
            "zuordnung_funktion": "urn:oid:2.5.4.12",
            "einladungsanfrage": "on",
            "mfa_hoechstalter_minuten": 10,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    anbieter.refresh_from_db()
    assert anbieter.zuordnung_funktion == "urn:oid:2.5.4.12" and anbieter.einladungsanfrage is True
    text = client.get(response["Location"]).content.decode()
    assert "urn:oid:2.5.4.12" in text
    assert "Unbekannte Personen der Behörde können die Ansprechperson um eine Einladung bitten." in text
