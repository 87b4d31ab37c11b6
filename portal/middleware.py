"""Deny-by-default access middleware and security headers."""

import functools
from urllib.parse import quote

from csp.constants import SELF, UNSAFE_INLINE
from django.conf import settings
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.module_loading import import_string

from . import content_cache
from .access import MFA_ENROLMENT_URL_NAMES, PUBLIC_URL_NAMES, is_mfa_verified


class ContentGenerationMiddleware:
    """One read of the shared content generation per request (see `portal.content_cache`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with content_cache.generation_snapshot(request):
            return self.get_response(request)


@functools.lru_cache(maxsize=16)
def _admin_home_for(script_prefix: str, urlconf: str) -> str:
    # `reverse` reads both from the current thread; they are the cache key.
    return reverse("wagtailadmin_home", urlconf=urlconf)


def _admin_home() -> str:
    """The CMS's address: `reverse` once per script prefix and URLconf, not on every request."""
    return _admin_home_for(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


class AccessPolicyMiddleware:
    """Every view needs an active account with a verified second factor, unless marked otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Further conditions after the second factor, contributed by sections (e.g. the terms of use):
        # each returns the URL to send the person to, or None.
        self.gates = [import_string(path) for path in getattr(settings, "ACCESS_POLICY_GATES", [])]

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        url_name = match.url_name if match else None
        if getattr(view_func, "siko_public", False) or url_name in PUBLIC_URL_NAMES:
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={quote(request.get_full_path())}")
        if is_mfa_verified(request):
            for gate in self.gates:
                target = gate(request)
                if target is not None:
                    return redirect(f"{target}?next={quote(request.get_full_path())}")
            if request.path.startswith(_admin_home()) and not user.has_perm("wagtailadmin.access_admin"):
                # Wagtail would send a person without CMS rights to the login, which sends a signed-in
                # person back: an endless loop. The CMS does not exist for them: the portal's 404.
                raise Http404
            return None
        if getattr(view_func, "siko_mfa_enrolment", False) or url_name in MFA_ENROLMENT_URL_NAMES:
            return None
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(user=user).exists():
            # Has a second factor but this session never proved it: start over at the login.
            logout(request)
            return redirect(reverse("account_login"))
        return redirect(reverse("mfa_activate_totp"))


# The Wagtail admin (8.0) still renders inline <script> blocks for date/time widgets and inline panels
# (wagtailadmin/widgets/date_input.html, panels/inline_panel.html) without a nonce, and its editors set
# styles at runtime. These relaxations apply to /admin/ only (editors: Redaktion, Geschäftsstelle);
# every other directive stays strict there too. See docs/quality.md.
ADMIN_CSP_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
}


class SecurityHeadersMiddleware:
    """Headers Django has no setting for; `no-store` on everything a logged-in person sees.

    Must sit inside `csp.middleware.CSPMiddleware` (later in MIDDLEWARE), which reads the admin-only
    CSP replacement set here when it builds the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.admin_prefix) and not hasattr(response, "_csp_replace"):
            response._csp_replace = ADMIN_CSP_REPLACE
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.setdefault("X-Content-Type-Options", "nosniff")
        if not request.path.startswith(settings.STATIC_URL):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                add_never_cache_headers(response)
                patch_cache_control(response, no_store=True, private=True)
            elif not response.has_header("Cache-Control"):
                patch_cache_control(response, no_store=True)
        return response
