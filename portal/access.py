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

Pages: who may open which page is the portal policy above plus Wagtail's own privacy settings
(PageViewRestriction) for parts of the tree, decided by Wagtail's `accept_request`. Lists (search, news,
the start page) leave out the subtrees closed to the person (`restricted_paths_for`), and the
newsletter groups people by exactly those subtrees (`page_audience`).
"""

from collections.abc import Callable
from types import SimpleNamespace
from typing import NoReturn

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import prefetch_related_objects
from django.dispatch import Signal
from django.http import Http404
from wagtail.models import PageViewRestriction

from .page_access import any_view_restrictions

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


# Sent for every refused request with `request` and `entry` (object or details). The audit log
# connects to it (audit.apps) and writes the `zugriff.verweigert` entry, so that the access policy
# needs to know no section. A receiver's error is not swallowed: a refusal that cannot be recorded fails.
access_denied = Signal()


def audit_denial(request, **entry) -> None:
    """Record a refused request: who, which path, from where.

    Every refusal goes through here, object lookups (`get_visible_or_404`) and role checks
    (`require`, `deny`) alike, so that each writes the same entry; `entry` adds the object or details.
    """
    if not access_denied.has_listeners():
        raise ImproperlyConfigured("Verweigerte Zugriffe werden nicht protokolliert (App „audit“ fehlt).")
    access_denied.send(sender=None, request=request, entry=entry)


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


# --- Pages --------------------------------------------------------------------------------------


def _restrictions() -> list:
    return list(PageViewRestriction.objects.select_related("page").prefetch_related("groups"))


def _paths_closed_to(user, restrictions: list) -> list[str]:
    """Wagtail's own decision (`accept_request`) for a request of this person without a session: a
    password-protected subtree never appears in lists (the password is asked on the page itself)."""
    request = SimpleNamespace(user=user, session={})
    return [restriction.page.path for restriction in restrictions if not restriction.accept_request(request)]


def restricted_paths_for(user) -> list[str]:
    """Return tree paths of restricted subtrees this person may not open (three queries at most)."""
    if not any_view_restrictions():
        return []
    restrictions = _restrictions()
    if not restrictions:
        return []
    if getattr(user, "is_authenticated", False):
        prefetch_related_objects([user], "groups")
    return _paths_closed_to(user, restrictions)


def page_audience(users) -> dict:
    """NewsSource audience of pages: who may open which pages depends only on being an active member and
    the subtrees closed to the person (`restricted_paths_for`). Three queries for any number of people."""
    restrictions = _restrictions()
    if restrictions and users:
        prefetch_related_objects([u for u in users if isinstance(u, get_user_model())], "groups")
    return {
        user.pk: (
            bool(user.is_authenticated and user.is_active),
            tuple(_paths_closed_to(user, restrictions)) if restrictions else (),
        )
        for user in users
    }
