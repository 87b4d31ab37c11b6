"""Every concrete URL of the portal, for the quality gates (anonymous access, headers, a11y, weight).

The inventory walks `django.urls.get_resolver()` recursively:

* patterns without parameters are used directly;
* patterns with parameters need a *sample provider* that returns real kwargs from the demo data:
  `register_sample("lagebilder:detail", lambda: {"pk": Lagebild.objects.first().pk})`.
  Apps register their providers in `tests/<app>/url_samples.py` (imported automatically) or here
  in `_register_builtin_samples`. A portal URL with parameters and no provider makes
  `build_inventory()` fail with a message naming the URL — new URLs cannot escape the gates;
* third-party URLs that cannot or need not be sampled are listed in `EXCLUDED` / `EXCLUDED_PREFIXES`
  with a reason each. For the anonymous gate they are still requested, with synthetic parameters
  (`1`, `x`, …): the access policy answers before the view looks anything up;
* Wagtail pages: every live page below the default site's root (or one per page type);
* the Wagtail admin: its home and a few representative pages (`ADMIN_PAGES`); the anonymous gate
  requests every admin URL.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# --- registries -------------------------------------------------------------------------------

SampleProvider = Callable[[], dict | None]
SAMPLES: dict[str, SampleProvider] = {}


def register_sample(url_name: str, func: SampleProvider) -> None:
    """Register a function returning real URL kwargs (from the demo data) for a parametrised URL."""
    SAMPLES[url_name] = func


# Third-party URLs with parameters that the gates do not sample, with the reason.
EXCLUDED: dict[str, str] = {
    "account_confirm_email": "allauth e-mail confirmation by key; ACCOUNT_EMAIL_VERIFICATION is 'none'",
    "account_reset_password_from_key": "allauth key-based reset link; public, covered by the accounts tests",
    "mfa_remove_webauthn": "allauth: needs a WebAuthn key of the person; covered by allauth's own tests",
    "mfa_edit_webauthn": "allauth: needs a WebAuthn key of the person; covered by allauth's own tests",
    "wagtailcore_authenticate_with_password": "Wagtail page view restrictions are not used by the portal",
    "wagtail_serve": "Wagtail's page view (a positional path); every live page is listed by page_urls()",
}
# Name prefixes of third-party URL groups that are excluded as a whole (reason each).
EXCLUDED_PREFIXES: dict[str, str] = {
    "wagtail": "Wagtail admin internals (editing, choosers, APIs); representative admin pages are in "
    "ADMIN_PAGES, every admin URL is in the anonymous gate",
    "None": "unnamed third-party patterns (e.g. Wagtail admin test views)",
    "saml_": "allauth's SAML endpoints per authority (ACS, SLS, metadata, login): protocol endpoints, driven "
    "with a real pysaml2 IdP in tests/foederation",
    "openid_connect_": "allauth's OpenID Connect login/callback per authority: protocol endpoints",
}
# Wagtail admin pages checked with a logged-in editor (headers, a11y report).
ADMIN_PAGES = [
    "wagtailadmin_home",
    "wagtailadmin_explore_root",
    "wagtailadmin_explore",
    "wagtailadmin_pages:edit",
    "wagtailadmin_pages:search",
    "wagtaildocs:index",
    "wagtailimages:index",
    "wagtailusers_users:index",
]

# Apps of this repository: their URLs must all be covered (no exclusions).
LOCAL_APPS = {
    app
    for app in settings.INSTALLED_APPS
    if "." not in app and (Path(settings.BASE_DIR) / app).is_dir()  # type: ignore[misc]
} | {"siko_portal"}


@dataclass(frozen=True)
class InventoryURL:
    name: str  # URL name ("lagebilder:detail"), "page:<app.Model>" or "static"
    path: str
    kind: str  # "view", "admin", "page", "static"
    local: bool  # served by one of the portal's own apps

    def __str__(self) -> str:
        return f"{self.name} {self.path}"


@dataclass(frozen=True)
class _Pattern:
    name: str
    route: str
    params: tuple[str, ...]
    view_module: str
    pattern: object

    @property
    def local(self) -> bool:
        return self.view_module.split(".")[0] in LOCAL_APPS

    @property
    def admin(self) -> bool:
        return self.route.startswith("admin/")


def _iter_patterns(resolver=None, prefix="", namespace=None, params=()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        entry_params = tuple(entry.pattern.regex.groupindex) + (
            ("<positional>",) if entry.pattern.regex.groups > len(entry.pattern.regex.groupindex) else ()
        )
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _iter_patterns(entry, prefix + str(entry.pattern), ns, params + entry_params)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else str(entry.name)
            yield _Pattern(
                name=name,
                route=prefix + str(entry.pattern),
                params=params + entry_params,
                view_module=entry.lookup_str,
                pattern=entry.pattern,
            )


def all_patterns() -> list[_Pattern]:
    return list(_iter_patterns())


def exclusion_reason(name: str) -> str | None:
    if name in EXCLUDED:
        return EXCLUDED[name]
    for prefix, reason in EXCLUDED_PREFIXES.items():
        if name.startswith(prefix):
            return reason
    return None


_CONVERTER_SAMPLES = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": str(uuid.UUID(int=1))}


def _synthetic_path(pattern: _Pattern) -> str | None:
    """A path that matches the pattern's route with dummy values (for the anonymous gate only)."""
    route = pattern.route
    route = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: _CONVERTER_SAMPLES.get(m.group(1) or "str", "x"), route)
    route = route.replace(".*", "x").replace(".+", "x")
    if "(" in route or "^" in route or "$" in route:
        # Regex parts: replace each group by a value its own expression accepts.
        def group_value(match):
            body = match.group(2)
            for candidate in ("1", "x", "live", "1-x", "x/"):
                if re.fullmatch(body, candidate):
                    return candidate
            return "1"

        route = re.sub(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", group_value, route)
        route = route.replace("^", "").replace("$", "").replace("\\.", ".")
        if re.search(r"[()\[\]\\*+?]", route):
            return None
    path = "/" + route
    try:
        get_resolver().resolve(path)
    except Exception:
        return None
    return path


def _discover_sample_modules() -> None:
    """Import `tests/<app>/url_samples.py` of every test package so apps can register providers."""
    import tests

    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg:
            try:
                importlib.import_module(f"tests.{module.name}.url_samples")
            except ModuleNotFoundError as exc:
                if exc.name != f"tests.{module.name}.url_samples":
                    raise


class MissingSample(AssertionError):
    pass


def _sample_path(pattern: _Pattern) -> str:
    kwargs = SAMPLES[pattern.name]()
    if kwargs is None:
        raise MissingSample(
            f"Sample provider for URL {pattern.name!r} ({pattern.route}) found no object in the demo data — "
            "extend the app's demo.py or the provider."
        )
    return reverse(pattern.name, kwargs=kwargs)


def build_inventory(*, anonymous: bool = False, pages: str = "all") -> list[InventoryURL]:
    """Return every concrete URL of the portal.

    anonymous=True also includes every Wagtail admin URL and the excluded third-party URLs (with
    synthetic parameters). pages="all" lists every live Wagtail page, "per_type" one per page type.
    Needs database access (sample providers and the page tree read the demo data).
    """
    _register_builtin_samples()
    _discover_sample_modules()
    result: list[InventoryURL] = []
    missing: list[str] = []
    for pattern in all_patterns():
        kind = "admin" if pattern.admin else "view"
        if pattern.name in SAMPLES:
            result.append(InventoryURL(pattern.name, _sample_path(pattern), kind, pattern.local))
            continue
        reason = None if pattern.local else exclusion_reason(pattern.name)
        if pattern.admin and not anonymous:
            # Authenticated gates: only the representative admin pages.
            if pattern.name in ADMIN_PAGES and not pattern.params:
                result.append(InventoryURL(pattern.name, "/" + pattern.route, kind, False))
            elif pattern.name in ADMIN_PAGES:
                missing.append(f"{pattern.name} ({pattern.route})")
            continue
        if not pattern.params:
            path = "/" + pattern.route
            if re.search(r"[\^$*+?\\]", pattern.route):
                path = _synthetic_path(pattern)  # a regex without groups, e.g. Wagtail's admin catch-all
            if path:
                result.append(InventoryURL(pattern.name, path, kind, pattern.local))
            continue
        if reason is None:
            missing.append(f"{pattern.name} ({pattern.route})")
            continue
        if anonymous:
            path = _synthetic_path(pattern)
            if path is not None:
                result.append(InventoryURL(pattern.name, path, kind, pattern.local))
    if missing:
        raise MissingSample(
            "URLs with parameters but no sample provider — register one with "
            "tests.url_inventory.register_sample(url_name, func) (or, for third-party URLs only, add a "
            "documented exclusion):\n  " + "\n  ".join(missing)
        )
    result.extend(page_urls(per_type=pages == "per_type"))
    result.append(InventoryURL("static", settings.STATIC_URL + "css/portal.css", "static", True))
    # Same path from several names (e.g. namespaced duplicates): keep one.
    seen: set[str] = set()
    unique = []
    for item in result:
        if item.path not in seen:
            seen.add(item.path)
            unique.append(item)
    return unique


def page_urls(*, per_type: bool = False) -> list[InventoryURL]:
    """Live Wagtail pages of the default site: all of them, or the first one of each page type."""
    from wagtail.models import Page, Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    pages = Page.objects.live().descendant_of(site.root_page, inclusive=True).specific().order_by("path")
    result, seen_types = [], set()
    for page in pages:
        page_type = page.specific_class._meta.label
        if per_type and page_type in seen_types:
            continue
        seen_types.add(page_type)
        url = page.get_url(current_site=site)
        if url:
            result.append(InventoryURL(f"page:{page_type}", url, "page", True))
    return result


def representative(urls: list[InventoryURL]) -> list[InventoryURL]:
    """One URL per URL name / page type."""
    seen, result = set(), []
    for item in urls:
        if item.name not in seen:
            seen.add(item.name)
            result.append(item)
    return result


# --- sample providers for URLs that exist in the foundation -------------------------------------


def _home_page_id():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_page_id if site else None


def _register_builtin_samples() -> None:
    def home_kwargs(key):
        def provider():
            page_id = _home_page_id()
            return {key: page_id} if page_id else None

        return provider

    SAMPLES.setdefault("wagtailadmin_explore", home_kwargs("parent_page_id"))
    SAMPLES.setdefault("wagtailadmin_pages:edit", home_kwargs("page_id"))
