"""The acknowledgement gate, one of the access policy's gates (settings.ACCESS_POLICY_GATES).

A person with a verified second factor sees no content until they have confirmed the current
Nutzungsbedingungen and VS-NfD-Merkblatt within the last 12 months. The session remembers a valid
confirmation (which versions, until when), so a request costs one cache read; a new version changes
the current ids and asks again. Without any published version there is nothing to confirm.
"""

from django.urls import reverse
from django.utils import timezone

from .services import confirmation_valid_until, current_regelwerk_ids

SESSION_KEY = "siko_regelwerk_bestaetigt"
EXEMPT_URL_NAMES = frozenset({"rechtliches:bestaetigen"})


def remember_confirmation(request, *, regelwerk_ids, valid_until) -> None:
    request.session[SESSION_KEY] = {"ids": sorted(regelwerk_ids), "bis": valid_until.timestamp()}


def confirmation_pending(request) -> str | None:
    """Return the confirmation page's URL if this person must confirm first, else None."""
    match = request.resolver_match
    if match is not None and match.view_name in EXEMPT_URL_NAMES:
        return None
    current = current_regelwerk_ids()
    if not current:
        return None
    remembered = request.session.get(SESSION_KEY)
    now = timezone.now()
    if remembered and remembered.get("ids") == sorted(current) and remembered.get("bis", 0) > now.timestamp():
        return None
    valid_until = confirmation_valid_until(user=request.user, regelwerk_ids=current)
    if valid_until is not None and valid_until > now:
        remember_confirmation(request, regelwerk_ids=current, valid_until=valid_until)
        return None
    return reverse("rechtliches:bestaetigen")
