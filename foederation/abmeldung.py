"""Single logout: after the portal's own logout, end the session at the authority's IdP where it offers that.

- SAML 2.0: a LogoutRequest (HTTP-Redirect binding, built by python3-saml through allauth's
  `build_auth`) to the IdP's SingleLogoutService, naming the NameID and SessionIndex of the login;
  the IdP answers at allauth's SLS address (`saml_sls`), which also takes IdP-initiated LogoutRequests.
- OpenID Connect: RP-initiated logout 1.0, a redirect to the `end_session_endpoint` from discovery with
  `id_token_hint`, `post_logout_redirect_uri` and `client_id`.

What the logout needs is kept in the session at the login (`remember_for_logout`). The local logout
always happens first and needs no IdP; the IdP's address is computed from the session beforehand and
any failure there just means a plain local logout.

Logout messages from the IdP must be signed (`Identitaetsanbieter.saml_abmeldung_signiert`, on by
default): otherwise any foreign page could log a person out by linking to the SLS address. python3-saml
has no setting for exactly that: `wantMessagesSigned` (allauth `want_message_signed`) also demands a
signed login Response, which would break IdPs that sign only the assertion (`want_assertion_signed`).
So `sls` stands before allauth's SLS view at the same address: a message without `Signature` is refused
there; a present signature is checked by python3-saml against the IdP's certificate (allauth's view
answers 400 before any logout when it does not match), which is then turned into the same refusal.
"""

from __future__ import annotations

import logging

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.views import LogoutView
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.providers.saml.utils import build_auth
from allauth.socialaccount.providers.saml.views import sls as allauth_sls
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from audit.models import Aktion
from audit.services import audit_log
from portal.access import public

from .models import Identitaetsanbieter, Protokoll
from .oidc import PENDING_LOGOUT_SESSION_KEY

logger = logging.getLogger(__name__)

LOGOUT_SESSION_KEY = "siko_foederation_abmeldung"


def remember_for_logout(request, *, provider_id: str | None) -> None:
    """At a completed login: keep the pending logout data of this federated login (or drop any)."""
    pending = request.session.pop(PENDING_LOGOUT_SESSION_KEY, None)
    if provider_id and isinstance(pending, dict) and pending.get("anbieter") == provider_id:
        request.session[LOGOUT_SESSION_KEY] = pending
    else:
        request.session.pop(LOGOUT_SESSION_KEY, None)


def _oidc_logout_url(request, anbieter: Identitaetsanbieter, data: dict) -> str | None:
    endpoint = data.get("end_session_endpoint") or ""
    if not endpoint.startswith(("https://", "http://")) or not data.get("id_token"):
        return None
    params = {
        "id_token_hint": data["id_token"],
        "post_logout_redirect_uri": request.build_absolute_uri(
            get_account_adapter(request).get_logout_redirect_url(request)
        ),
        "client_id": anbieter.oidc_client_id,
    }
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode(params)


def _saml_logout_url(request, anbieter: Identitaetsanbieter, data: dict) -> str | None:
    if not anbieter.saml_slo_url or not data.get("name_id"):
        return None
    app = get_social_adapter(request).get_app(request, provider=anbieter.slug)
    auth = build_auth(request, app.get_provider(request))
    return auth.logout(
        return_to=request.build_absolute_uri(get_account_adapter(request).get_logout_redirect_url(request)),
        name_id=data["name_id"],
        session_index=data.get("session_index") or None,
        name_id_format=data.get("name_id_format") or None,
        nq=data.get("name_id_nq") or None,
        spnq=data.get("name_id_spnq") or None,
    )


def idp_logout_url(request) -> str | None:
    """The IdP address that ends the person's session there, or None (no federated login, not offered)."""
    data = request.session.get(LOGOUT_SESSION_KEY)
    if not isinstance(data, dict) or not request.user.is_authenticated:
        return None
    anbieter = Identitaetsanbieter.objects.aktiv().filter(slug=data.get("anbieter") or "").first()
    if anbieter is None:
        return None
    try:
        if anbieter.protokoll == Protokoll.OIDC and data.get("protokoll") == "oidc":
            return _oidc_logout_url(request, anbieter, data)
        if anbieter.protokoll == Protokoll.SAML and data.get("protokoll") == "saml":
            return _saml_logout_url(request, anbieter, data)
    except Exception:  # an IdP problem must never stand in the way of the local logout
        logger.warning("Single logout at %s not possible; local logout only", anbieter.slug, exc_info=True)
    return None


class AbmeldenView(LogoutView):
    """allauth's logout; afterwards to the authority's IdP if the login came from there and it offers SLO."""

    def post(self, *args, **kwargs):
        idp_url = idp_logout_url(self.request)
        response = super().post(*args, **kwargs)
        if idp_url and response.status_code == 302:
            return HttpResponseRedirect(idp_url)
        return response


logout = AbmeldenView.as_view()


SAML_MESSAGES = ("SAMLRequest", "SAMLResponse")


def _abmeldung_abgelehnt(request, organization_slug: str, *, anbieter, grund: str):
    """Refuse an IdP's logout message: nothing changes, the person stays logged in; audited."""
    user = request.user if request.user.is_authenticated else None
    audit_log(
        aktion=Aktion.FOEDERATION_ABMELDUNG_ABGELEHNT,
        actor=user,
        request=request,
        objekt=anbieter,
        behoerde=anbieter.behoerde if anbieter else None,
        anbieter=organization_slug[:100],
        nachricht=next((name for name in SAML_MESSAGES if name in request.GET), ""),
        grund=grund,
    )
    messages.error(
        request,
        _(
            "Die Abmeldenachricht des Identitätsanbieters Ihrer Behörde war nicht gültig signiert und "
            "wurde nicht angenommen. Sie sind weiterhin angemeldet; zum Abmelden nutzen Sie bitte "
            "„Abmelden“ im Portal."
        )
        if user
        else _("Die Abmeldenachricht des Identitätsanbieters Ihrer Behörde wurde nicht angenommen."),
    )
    return HttpResponseRedirect("/")


@public
def sls(request, organization_slug: str):
    """allauth's SAML SLS address, refusing logout messages that are unsigned or wrongly signed."""
    anbieter = (
        Identitaetsanbieter.objects.filter(slug=organization_slug, protokoll=Protokoll.SAML)
        .select_related("behoerde")
        .first()
    )
    pflicht = anbieter is None or anbieter.saml_abmeldung_signiert
    message = any(name in request.GET for name in SAML_MESSAGES)
    if pflicht and message and not request.GET.get("Signature"):
        return _abmeldung_abgelehnt(request, organization_slug, anbieter=anbieter, grund="unsigniert")
    response = allauth_sls(request, organization_slug=organization_slug)
    if message and response.status_code == 400:
        # python3-saml refused the message (signature, issuer, destination ...) before any logout.
        return _abmeldung_abgelehnt(request, organization_slug, anbieter=anbieter, grund="ungueltig")
    return response
