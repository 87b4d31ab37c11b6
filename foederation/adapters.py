"""allauth's social-account adapter for the federation: the invitation decides, nothing is created.

- `list_apps`: the SocialApps maintained from `Identitaetsanbieter`, the OIDC secret decrypted in memory.
- `pre_social_login`: bind a federated identity only to the invited, active account of the same
  authority (verified email match); otherwise the German "Kein Zugang" page, audited.
- `is_open_for_signup`: never (no just-in-time accounts).
- `on_authentication_error`: every refused assertion or token is audited.
"""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from accounts.models import Einladung, User
from audit.models import Aktion
from audit.services import audit_log

from .models import Identitaetsanbieter, Protokoll
from .services import einladungsanfrage_merken, profil_aus_anmeldung, secret_decrypt


class Abgelehnt(Exception):
    def __init__(self, grund: str, *, person=None):
        super().__init__(grund)
        self.grund = grund
        self.person = person


def _claim(extra_data: dict, name: str):
    for part in ("userinfo", "id_token"):
        value = (extra_data.get(part) or {}).get(name)
        if value not in (None, ""):
            return value
    return None


def federated_email(*, anbieter: Identitaetsanbieter, sociallogin) -> str:
    """The address the IdP vouches for (mapped attribute or claim). OIDC needs `email_verified`."""
    extra = sociallogin.account.extra_data or {}
    if anbieter.protokoll == Protokoll.OIDC:
        email = _claim(extra, anbieter.zuordnung_email or "email")
        if str(_claim(extra, "email_verified")).lower() not in ("true", "1"):
            return ""
        return str(email or "").strip().lower()
    return str(sociallogin.user.email or "").strip().lower()


def bound_account(*, anbieter: Identitaetsanbieter, sociallogin):
    """Return the portal account this federated identity may log in to, or raise `Abgelehnt`."""

    email = federated_email(anbieter=anbieter, sociallogin=sociallogin)
    if not email:
        raise Abgelehnt("keine_bestaetigte_email")
    if email.rpartition("@")[2] not in anbieter.domaenen:
        raise Abgelehnt("fremde_domaene")
    if sociallogin.is_existing:
        person = User.objects.get(pk=sociallogin.user.pk)
    else:
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise Abgelehnt("nicht_eingeladen")
        invited = Einladung.objects.filter(
            user=person, behoerde_id=anbieter.behoerde_id, accepted_at__isnull=False
        ).exists()
        if not invited:
            raise Abgelehnt("nicht_eingeladen", person=person)
    if person.behoerde_id != anbieter.behoerde_id:
        raise Abgelehnt("andere_behoerde", person=person)
    if not person.is_active:
        raise Abgelehnt("deaktiviert", person=person)
    return person


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        return False

    def list_apps(self, request, provider=None, client_id=None):
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        oidc = [app for app in apps if app.provider == "openid_connect"]
        if oidc:
            secrets = dict(
                Identitaetsanbieter.objects.filter(
                    slug__in=[app.provider_id for app in oidc], aktiv=True
                ).values_list("slug", "oidc_client_secret_verschluesselt")
            )
            for app in oidc:
                app.secret = secret_decrypt(secrets.get(app.provider_id, ""))
        return apps

    def pre_social_login(self, request, sociallogin) -> None:
        anbieter = (
            Identitaetsanbieter.objects.aktiv()
            .select_related("behoerde")
            .filter(slug=sociallogin.account.provider)
            .first()
        )
        try:
            if anbieter is None:
                raise Abgelehnt("anbieter_unbekannt")
            if sociallogin.state.get("process") not in (None, "login"):
                # Links are made at the login only, never from a logged-in session.
                raise Abgelehnt("verknuepfen_nicht_erlaubt")
            person = bound_account(anbieter=anbieter, sociallogin=sociallogin)
        except Abgelehnt as refusal:
            audit_log(
                aktion=Aktion.FOEDERATION_ABGELEHNT,
                actor=None,
                request=request,
                subject=refusal.person,
                behoerde=anbieter.behoerde if anbieter else None,
                grund=refusal.grund,
                anbieter=sociallogin.account.provider,
                email=str(sociallogin.user.email or "")[:254] or None,
            )
            anfrage = self._einladungsanfrage(request, anbieter, sociallogin, refusal)
            raise ImmediateHttpResponse(
                render(
                    request,
                    "foederation/kein_zugang.html",
                    {"grund": refusal.grund, "einladungsanfrage": anfrage},
                    status=403,
                )
            )
        if not sociallogin.is_existing:
            sociallogin.connect(request, person)
            audit_log(
                aktion=Aktion.FOEDERATION_VERKNUEPFT,
                actor=person,
                request=request,
                subject=person,
                anbieter=anbieter.slug,
                protokoll=anbieter.protokoll,
            )
        # The account allauth logs in carries the authority's current function and name.
        profil_aus_anmeldung(
            anbieter=anbieter,
            person=sociallogin.user,
            extra_data=sociallogin.account.extra_data,
            request=request,
        )

    def _einladungsanfrage(self, request, anbieter, sociallogin, refusal) -> bool:
        """An unknown person with an address the IdP vouches for may ask for an invitation (if allowed)."""
        if anbieter is None or not anbieter.einladungsanfrage:
            return False
        if refusal.grund != "nicht_eingeladen" or refusal.person is not None:
            return False
        email = federated_email(anbieter=anbieter, sociallogin=sociallogin)
        einladungsanfrage_merken(
            request=request,
            anbieter=anbieter,
            email=email,
            vorname=str(sociallogin.user.first_name or ""),
            nachname=str(sociallogin.user.last_name or ""),
        )
        return True

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        """Audit the refused response; allauth then shows socialaccount/authentication_error.html."""
        context = extra_context or {}
        audit_log(
            aktion=Aktion.FOEDERATION_ABGELEHNT,
            actor=None,
            request=request,
            grund="protokollfehler",
            anbieter=getattr(getattr(provider, "app", None), "provider_id", None)
            or getattr(provider, "id", ""),
            fehler=str(error or "")[:100] or None,
            details=(str(context.get("saml_last_error_reason") or exception or "")[:300] or None),
        )
