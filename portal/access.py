"""The portal's central access policy.

Deny by default: `AccessPolicyMiddleware` lets a request through to a view only when the person is
logged in, active and has verified a second factor in this session — unless the view is explicitly
marked with `@public` (login, password reset, invitation, health check) or `@mfa_enrolment`
(pages a logged-in person needs to set up a second factor).

Objects: each app states who may see what in its own `access.py` / QuerySet `visible_to(user)`
methods. Views fetch objects only through those querysets with `get_visible_or_404`, so an object
the person may not see answers 404 — its existence is never revealed — and the refusal is audited.
Role checks on whole pages or actions use `require(request, can_…(user))` (or `deny(request)`), which
answer 404 in the same way and write the same `zugriff.verweigert` entry.
"""

from collections.abc import Callable
from typing import NoReturn

from django.http import Http404

MFA_SESSION_KEY = "siko_mfa_verified"

# allauth views, identified by URL name, that must work before login or before MFA.
PUBLIC_URL_NAMES = frozenset(
    {
        "account_login",
        "account_logout",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "account_inactive",
        "mfa_authenticate",
        # Federated login (foederation): allauth's SAML and OpenID Connect endpoints and error pages.
        "saml_acs",
        "saml_finish_acs",
        "saml_sls",
        "saml_metadata",
        "saml_login",
        "openid_connect_login",
        "openid_connect_callback",
        "socialaccount_login_error",
        "socialaccount_login_cancelled",
    }
)
MFA_ENROLMENT_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
    }
)


def public(view: Callable) -> Callable:
    """Mark a view as reachable without login (and without a second factor)."""
    view.siko_public = True
    return view


def mfa_enrolment(view: Callable) -> Callable:
    """Mark a view as reachable by a logged-in person who has not yet verified a second factor."""
    view.siko_mfa_enrolment = True
    return view


def is_mfa_verified(request) -> bool:
    """True when this session was authenticated with, or has just enrolled, a second factor."""
    return bool(request.session.get(MFA_SESSION_KEY))


def mark_mfa_verified(request) -> None:
    request.session[MFA_SESSION_KEY] = True


def audit_denial(request, **entry) -> None:
    """Write the `zugriff.verweigert` entry for a refused request: who, which path, from where.

    Every refusal goes through here, object lookups (`get_visible_or_404`) and role checks
    (`require`, `deny`) alike, so that each writes the same entry; `entry` adds the object or details.
    """
    from audit.models import Aktion
    from audit.services import audit_log

    audit_log(aktion=Aktion.ZUGRIFF_VERWEIGERT, request=request, pfad=request.path[:500], **entry)


def deny(request, **entry) -> NoReturn:
    """Audit the refusal and answer 404 (never 403: a refusal does not reveal that something exists)."""
    audit_denial(request, **entry)
    raise Http404("Nicht gefunden")


def get_visible_or_404(request, queryset, **lookup):
    """Return the object from a permission-filtered queryset, or audit the refusal and raise 404."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        pass
    deny(
        request,
        objekt_typ=queryset.model._meta.label_lower,
        objekt_id=str(next(iter(lookup.values()), ""))[:64],
    )


def require(request, predicate: bool, **entry) -> None:
    """Answer 404 unless the predicate holds (role checks: `can_*`); the refusal is audited like `deny`."""
    if not predicate:
        deny(request, **entry)
