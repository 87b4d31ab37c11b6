"""May the authority's second factor stand in for the portal's? Only when trusted, reported and recent."""

import time
from dataclasses import dataclass

from .models import Identitaetsanbieter, Protokoll
from .providers import AUTHN_CONTEXTS_KEY, AUTHN_INSTANT_KEY


@dataclass(frozen=True)
class Entscheidung:
    idp_mfa: bool
    grund: str


def idp_mfa_entscheidung(*, anbieter: Identitaetsanbieter, extra_data: dict) -> Entscheidung:
    """Decide from the validated assertion / ID token whether the IdP's MFA is accepted."""
    if not anbieter.mfa_vertraut:
        return Entscheidung(False, "idp_nicht_vertraut")
    erlaubt = set(anbieter.kontexte)
    if anbieter.protokoll == Protokoll.SAML:
        gemeldet = set(extra_data.get(AUTHN_CONTEXTS_KEY) or [])
        zeitpunkt = extra_data.get(AUTHN_INSTANT_KEY)
    else:
        claims = extra_data.get("id_token") or {}
        amr = claims.get("amr") or []
        gemeldet = {str(claims["acr"])} if claims.get("acr") else set()
        gemeldet |= {str(value) for value in (amr if isinstance(amr, list) else [amr])}
        zeitpunkt = claims.get("auth_time")
    if not erlaubt or not (gemeldet & erlaubt):
        return Entscheidung(False, "kein_anerkannter_kontext")
    if not isinstance(zeitpunkt, (int, float)):
        return Entscheidung(False, "anmeldezeit_fehlt")
    if time.time() - zeitpunkt > anbieter.mfa_hoechstalter_minuten * 60:
        return Entscheidung(False, "anmeldung_zu_alt")
    return Entscheidung(True, "idp_mfa")
