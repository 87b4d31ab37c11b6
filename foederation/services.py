"""Writes of the federation: provider configuration, its allauth SocialApp, federated links."""

import hashlib

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

from accounts.models import User
from audit.models import Aktion
from audit.services import audit_log
from benachrichtigungen.models import Zustellung
from benachrichtigungen.services import benachrichtigen
from portal.names import person_name

from .models import Identitaetsanbieter, Protokoll


def secret_encrypt(secret: str) -> str:
    """Encrypt with the key of the second-factor secrets (MFA_ENCRYPTION_KEY, Fernet)."""
    return get_mfa_adapter().encrypt(secret)


def secret_decrypt(encrypted: str) -> str:
    return get_mfa_adapter().decrypt(encrypted) if encrypted else ""


def sp_entity_id(anbieter: Identitaetsanbieter) -> str:
    """The portal's SAML entity id for this authority: its metadata address under PORTAL_BASE_URL."""
    return settings.PORTAL_BASE_URL + reverse("saml_metadata", kwargs={"organization_slug": anbieter.slug})


def saml_metadaten_uebernehmen(*, anbieter: Identitaetsanbieter) -> None:
    """Fill entity id, SSO/SLO address and certificate from pasted IdP metadata (python3-saml's parser)."""
    if not anbieter.saml_metadaten_xml.strip():
        return
    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(
            anbieter.saml_metadaten_xml, entity_id=anbieter.saml_entity_id or None
        )
    except Exception as exc:  # the parser raises plain Exceptions and lxml errors alike
        raise ValidationError(
            {"saml_metadaten_xml": _("Die Metadaten konnten nicht gelesen werden (kein gültiges SAML-XML).")}
        ) from exc
    idp = parsed.get("idp") or {}
    if not idp.get("entityId") or not idp.get("x509cert") and not idp.get("x509certMulti"):
        raise ValidationError(
            {"saml_metadaten_xml": _("Die Metadaten enthalten keinen IdP mit Entity-ID und Zertifikat.")}
        )
    anbieter.saml_entity_id = idp["entityId"]
    anbieter.saml_sso_url = (idp.get("singleSignOnService") or {}).get("url", "")
    anbieter.saml_slo_url = (idp.get("singleLogoutService") or {}).get("url", "")
    certs = idp.get("x509certMulti", {}).get("signing") or [idp.get("x509cert")]
    anbieter.saml_zertifikat = certs[0]


def _attribute_mapping(anbieter: Identitaetsanbieter) -> dict:
    mapping = {}
    for key, value in (
        ("email", anbieter.zuordnung_email),
        ("first_name", anbieter.zuordnung_vorname),
        ("last_name", anbieter.zuordnung_nachname),
    ):
        if value:
            mapping[key] = [value]
    return mapping


def socialapp_settings(anbieter: Identitaetsanbieter) -> dict:
    """The allauth SocialApp settings for this provider (documented keys of allauth's providers)."""
    if anbieter.protokoll == Protokoll.SAML:
        idp = {"entity_id": anbieter.saml_entity_id}
        if anbieter.saml_metadaten_url and not anbieter.saml_zertifikat:
            idp["metadata_url"] = anbieter.saml_metadaten_url
        else:
            idp.update(x509cert=anbieter.saml_zertifikat, sso_url=anbieter.saml_sso_url)
            if anbieter.saml_slo_url:
                idp["slo_url"] = anbieter.saml_slo_url
        result = {
            "idp": idp,
            "sp": {"entity_id": sp_entity_id(anbieter)},
            "advanced": {
                "strict": True,
                "want_assertion_signed": True,
                "reject_idp_initiated_sso": True,
            },
        }
        mapping = _attribute_mapping(anbieter)
        if mapping:
            result["attribute_mapping"] = mapping
        return result
    return {
        "server_url": anbieter.oidc_issuer,
        "oauth_pkce_enabled": True,
        "scope": anbieter.oidc_scopes.split(),
        "fetch_userinfo": True,
    }


@transaction.atomic
def identitaetsanbieter_save(
    *, anbieter: Identitaetsanbieter, client_secret: str | None, by
) -> Identitaetsanbieter:
    """Save the provider, keep its SocialApp in step and audit the change (never the secret)."""
    neu = anbieter.pk is None
    if anbieter.protokoll == Protokoll.SAML:
        saml_metadaten_uebernehmen(anbieter=anbieter)
    if client_secret:
        anbieter.oidc_client_secret_verschluesselt = secret_encrypt(client_secret)
    anbieter.save()
    socialapp_sync(anbieter=anbieter)
    audit_log(
        aktion=Aktion.FOEDERATION_KONFIGURIERT,
        actor=by,
        objekt=anbieter,
        behoerde=anbieter.behoerde,
        vorgang="angelegt" if neu else "geaendert",
        protokoll=anbieter.protokoll,
        aktiv=anbieter.aktiv,
        mfa_vertraut=anbieter.mfa_vertraut,
        secret_geaendert=bool(client_secret),
    )
    return anbieter


def socialapp_sync(*, anbieter: Identitaetsanbieter) -> SocialApp | None:
    """Create, update or remove the allauth SocialApp of this provider. The secret stays out of it."""
    SocialApp.objects.filter(provider_id=anbieter.slug).exclude(provider=anbieter.allauth_provider).delete()
    if not anbieter.aktiv:
        SocialApp.objects.filter(provider_id=anbieter.slug).delete()
        return None
    app, _created = SocialApp.objects.update_or_create(
        provider=anbieter.allauth_provider,
        provider_id=anbieter.slug,
        defaults={
            "name": str(anbieter.behoerde)[:40],
            "client_id": anbieter.slug if anbieter.protokoll == Protokoll.SAML else anbieter.oidc_client_id,
            "secret": "",
            "settings": socialapp_settings(anbieter),
        },
    )
    return app


# Where the names are when the provider maps only the function (allauth's defaults for SAML; OIDC standard).
SAML_VORNAME = ("urn:oid:2.5.4.42", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname")
SAML_NACHNAME = ("urn:oid:2.5.4.4", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname")


def attribut(*, anbieter: Identitaetsanbieter, extra_data: dict, namen) -> str:
    """The first non-empty value of these SAML attributes or OIDC claims (userinfo before ID token)."""
    for name in namen:
        if not name:
            continue
        if anbieter.protokoll == Protokoll.SAML:
            values = (extra_data or {}).get(name) or []
            value = values[0] if isinstance(values, list) and values else values
        else:
            value = None
            for part in ("userinfo", "id_token"):
                value = ((extra_data or {}).get(part) or {}).get(name)
                if value not in (None, ""):
                    break
        if value not in (None, "", []):
            return str(value).strip()
    return ""


def profil_aus_anmeldung(
    *, anbieter: Identitaetsanbieter, person, extra_data: dict, request=None
) -> list[str]:
    """At a federated login: take the function and name from the assertion when the function is mapped.

    Only non-empty values replace the profile's; the change is audited like a profile edit
    (`profil.geaendert`, source `behoerde`). Returns the changed fields.
    """
    if not anbieter.zuordnung_funktion:
        return []
    saml = anbieter.protokoll == Protokoll.SAML
    werte = {
        "funktion": attribut(anbieter=anbieter, extra_data=extra_data, namen=[anbieter.zuordnung_funktion]),
        "first_name": attribut(
            anbieter=anbieter,
            extra_data=extra_data,
            namen=[anbieter.zuordnung_vorname, *(SAML_VORNAME if saml else ("given_name",))],
        ),
        "last_name": attribut(
            anbieter=anbieter,
            extra_data=extra_data,
            namen=[anbieter.zuordnung_nachname, *(SAML_NACHNAME if saml else ("family_name",))],
        ),
    }
    geaendert = []
    for feld, wert in werte.items():
        wert = wert[: person._meta.get_field(feld).max_length]
        if wert and getattr(person, feld) != wert:
            setattr(person, feld, wert)
            geaendert.append(feld)
    if geaendert:
        person.save(update_fields=geaendert)
        audit_log(
            aktion=Aktion.PROFIL_GEAENDERT,
            actor=person,
            request=request,
            subject=person,
            felder=geaendert,
            quelle="behoerde",
            anbieter=anbieter.slug,
        )
    return geaendert


@transaction.atomic
def verknuepfung_entfernen(*, konto: SocialAccount, by) -> None:
    """Remove a person's federated link (Ansprechpartner or Geschäftsstelle); audited, the person notified.

    The person always hears of it by email as well (a change to how they log in), whatever their
    notification preference; the message names no content of the portal.
    """
    person = konto.user
    audit_log(
        aktion=Aktion.FOEDERATION_VERKNUEPFUNG_ENTFERNT,
        actor=by,
        subject=person,
        anbieter=konto.provider,
    )
    benachrichtigen(
        empfaenger=person,
        ausser=by,
        ereignis_schluessel=f"foederation:verknuepfung_entfernt:{konto.pk}",
        titel=_(
            "Die Verknüpfung Ihres Portal-Kontos mit dem Konto Ihrer Behörde wurde entfernt. Die nächste "
            "Anmeldung über Ihre Behörde verknüpft es neu; Fragen beantwortet Ihre Ansprechperson."
        ),
        link=reverse("accounts:profil"),
        art="foederation.verknuepfung_entfernt",
        zustellung=Zustellung.SOFORT,
    )
    konto.delete()


# Request to invite: an unknown person of an authority whose provider allows it (`einladungsanfrage`).
EINLADUNGSANFRAGE_SESSION_KEY = "siko_foederation_einladungsanfrage"
EINLADUNGSANFRAGE_GUELTIG_SEKUNDEN = 30 * 60  # the refused login must be this recent
EINLADUNGSANFRAGE_SPERRE_SEKUNDEN = 24 * 60 * 60  # one request per email address and day


def _email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def einladungsanfrage_merken(
    *, request, anbieter: Identitaetsanbieter, email: str, vorname: str, nachname: str
):
    """Keep what the IdP vouched for in the session (never an account) for the request-to-invite button."""
    request.session[EINLADUNGSANFRAGE_SESSION_KEY] = {
        "anbieter": anbieter.pk,
        "email": email[:254],
        "vorname": (vorname or "")[:150],
        "nachname": (nachname or "")[:150],
        "zeit": int(timezone.now().timestamp()),
    }


def einladungsanfrage_aus_sitzung(request) -> tuple[Identitaetsanbieter, dict] | None:
    """The pending request of this session if it is recent and its provider still allows it, else None."""
    data = request.session.get(EINLADUNGSANFRAGE_SESSION_KEY)
    if not isinstance(data, dict):
        return None
    if timezone.now().timestamp() - data.get("zeit", 0) > EINLADUNGSANFRAGE_GUELTIG_SEKUNDEN:
        return None
    anbieter = (
        Identitaetsanbieter.objects.aktiv()
        .select_related("behoerde")
        .filter(pk=data.get("anbieter"), einladungsanfrage=True)
        .first()
    )
    return (anbieter, data) if anbieter is not None else None


def einladungsanfrage_gesperrt(email: str) -> bool:
    """Rate limit per email address: the first request of a day passes (and blocks the next ones)."""
    key = f"foederation:einladungsanfrage:{_email_hash(email)}"
    return not cache.add(key, 1, EINLADUNGSANFRAGE_SPERRE_SEKUNDEN)


@transaction.atomic
def einladung_erbitten(
    *, anbieter: Identitaetsanbieter, email: str, vorname: str, nachname: str, request=None
):
    """Ask the authority's Ansprechpartner:innen (else the Geschäftsstelle) to invite this person; audited.

    Portal notification and, by each recipient's preference, email. Nothing else is created.
    """

    empfaenger = list(User.objects.ansprechpartner_of(anbieter.behoerde_id))
    if not empfaenger:
        empfaenger = list(User.objects.geschaeftsstelle())
    name = person_name(vorname, nachname, email)
    benachrichtigen(
        empfaenger=empfaenger,
        ereignis_schluessel=(
            f"foederation:einladung_erbeten:{anbieter.pk}:{_email_hash(email)[:24]}:{timezone.localdate()}"
        ),
        titel=_("Bitte um Einladung: %(name)s (%(email)s) hat sich über %(behoerde)s angemeldet")
        % {"name": name, "email": email, "behoerde": anbieter.behoerde},
        link=reverse("accounts:einladen"),
        art="foederation.einladung_erbeten",
    )
    audit_log(
        aktion=Aktion.FOEDERATION_EINLADUNG_ERBETEN,
        actor=None,
        request=request,
        behoerde=anbieter.behoerde,
        anbieter=anbieter.slug,
        email=email,
        name=name[:300],
        empfaenger=len(empfaenger),
    )
