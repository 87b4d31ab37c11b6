"""Security headers on every URL of the inventory, for every role, and production transport settings."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.quality.conftest import ROLES, role_client
from tests.url_inventory import build_inventory

pytestmark = pytest.mark.django_db

STRICT_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
ADMIN_PREFIX = "/admin/"
# Executable inline scripts: <script> without src whose type is absent or a JavaScript type.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:json|ld\+json)\")([^>]*)>", re.I
)
EVENT_HANDLER_ATTR = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style([^>]*)>", re.I)


# Portal pages (not admin) that may use inline styles, each with the reason. Scripts stay forbidden.
INLINE_STYLE_EXCEPTIONS = {
    "newsletter:vorschau": "shows the newsletter email exactly as mail clients get it: CSS inlined into style "
    "attributes (mail clients ignore stylesheets); Redaktion-only, no scripts allowed",
}


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0]] = tokens[1:]
    return directives


def check_response(url, response, *, authenticated: bool) -> list[str]:
    """Return the header problems of one response (empty list: all good)."""
    problems = []
    status = response.status_code
    if status >= 500:
        return [f"{url}: status {status}"]
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    if response.get("Referrer-Policy") not in STRICT_REFERRER_POLICIES:
        problems.append(f"Referrer-Policy {response.get('Referrer-Policy')!r}")
    if response.get("Cross-Origin-Opener-Policy") != "same-origin":
        problems.append("Cross-Origin-Opener-Policy is not same-origin")
    if url.kind == "static":
        return [f"{url}: {p}" for p in problems]
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        if feature not in permissions:
            problems.append(f"Permissions-Policy lacks {feature}")
    if response.get("X-Frame-Options") != "DENY":
        problems.append("X-Frame-Options is not DENY")
    csp_header = response.get("Content-Security-Policy")
    if not csp_header:
        problems.append("no Content-Security-Policy")
    else:
        csp = parse_csp(csp_header)
        expected = {
            "default-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'none'"],
            "frame-ancestors": ["'none'"],
            "form-action": ["'self'"],
        }
        for directive, value in expected.items():
            # Served files may be stricter still ('none' instead of 'self').
            if csp.get(directive) != value and csp.get(directive) != ["'none'"]:
                problems.append(f"CSP {directive} is {csp.get(directive)}, expected {value}")
        if "'unsafe-eval'" in csp_header:
            problems.append("CSP allows 'unsafe-eval'")
        in_admin = url.path.startswith(ADMIN_PREFIX)
        inline_styles_ok = url.name in INLINE_STYLE_EXCEPTIONS
        for directive, values in csp.items():
            if "'unsafe-inline'" in values and not (
                (in_admin and directive in ("script-src", "style-src"))
                or (inline_styles_ok and directive == "style-src")
            ):
                problems.append(f"CSP {directive} allows 'unsafe-inline'")
            if any(v in ("*", "http:", "https:") or "://" in v for v in values):
                problems.append(f"CSP {directive} allows other origins: {values}")
        content_type = response.get("Content-Type", "")
        if status == 200 and content_type.startswith("text/html") and not in_admin and not inline_styles_ok:
            problems.extend(_check_inline_code(response.content.decode(), csp))
    if authenticated and "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control {response.get('Cache-Control')!r} lacks no-store")
    return [f"{url} [{status}]: {p}" for p in problems]


def _check_inline_code(html: str, csp: dict[str, list[str]]) -> list[str]:
    problems = []
    nonces = {v[len("'nonce-") : -1] for v in csp.get("script-src", []) if v.startswith("'nonce-")}
    for attrs in INLINE_SCRIPT.findall(html):
        match = re.search(r'nonce="([^"]+)"', attrs)
        if not match or match.group(1) not in nonces:
            problems.append("inline <script> without the response's CSP nonce")
    style_nonces = {v[len("'nonce-") : -1] for v in csp.get("style-src", []) if v.startswith("'nonce-")}
    for attrs in STYLE_ELEMENT.findall(html):
        match = re.search(r'nonce="([^"]+)"', attrs)
        if not match or match.group(1) not in style_nonces:
            problems.append("inline <style> without the response's CSP nonce")
    if EVENT_HANDLER_ATTR.search(html):
        problems.append(f"inline event handler: {EVENT_HANDLER_ATTR.search(html).group(0)[:80]}")
    if STYLE_ATTR.search(html):
        problems.append(f"style attribute: {STYLE_ATTR.search(html).group(0)[:80]}")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_url_has_strict_security_headers_for_role(demo, role):
    client = role_client(role)
    problems, checked = [], 0
    for url in build_inventory(pages="all"):
        if url.name in ("account_logout",):
            continue  # a GET shows the confirmation, fine, but would not end the session anyway
        response = client.get(url.path)
        checked += 1
        problems.extend(check_response(url, response, authenticated=url.kind != "static"))
    assert checked > 20
    assert not problems, f"{len(problems)} problems ({role}):\n" + "\n".join(problems)


def test_public_urls_have_strict_security_headers_anonymously(demo):
    from tests.quality.test_anonymous import PUBLIC_ALLOWLIST

    client = Client(raise_request_exception=False)
    problems, checked = [], 0
    for url in build_inventory(anonymous=True, pages="per_type"):
        response = client.get(url.path)
        checked += 1
        problems.extend(check_response(url, response, authenticated=False))
        protected = url.name not in PUBLIC_ALLOWLIST and url.kind != "static"
        if protected and "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"{url}: redirect to login is cacheable")
    assert checked > 100
    assert not problems, "\n".join(problems)


def test_inline_script_checker_catches_missing_nonce():
    """The checker itself: a nonce-less inline script and a style attribute are reported."""
    csp = parse_csp("default-src 'self'; script-src 'self' 'nonce-abc'")
    assert _check_inline_code('<script nonce="abc">ok()</script>', csp) == []
    assert _check_inline_code('<script type="application/json">{}</script>', csp) == []
    assert _check_inline_code("<script>bad()</script>", csp)
    assert _check_inline_code('<p style="color:red">x</p>', csp)
    assert _check_inline_code('<a href="#" onclick="x()">x</a>', csp)


def test_admin_csp_exception_is_limited_to_admin(demo):
    client = role_client("redaktion")
    admin = parse_csp(client.get("/admin/")["Content-Security-Policy"])
    portal = parse_csp(client.get("/suche/")["Content-Security-Policy"])
    assert "'unsafe-inline'" in admin["script-src"]
    assert "'unsafe-inline'" not in portal["script-src"] + portal["style-src"]
    for directive in ("default-src", "object-src", "base-uri", "frame-ancestors", "form-action"):
        assert admin[directive] == portal[directive]


def test_nonce_is_added_when_a_page_uses_an_inline_script():
    """A template using `request.csp_nonce` gets the same nonce into the CSP header."""
    from csp.middleware import CSPMiddleware
    from django.template import engines
    from django.test import RequestFactory

    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">1</script>')

    def view(request):
        from django.http import HttpResponse

        return HttpResponse(template.render({}, request))

    middleware = CSPMiddleware(view)
    request = RequestFactory().get("/")
    response = middleware(request)
    csp = parse_csp(response["Content-Security-Policy"])
    assert _check_inline_code(response.content.decode(), csp) == []


# --- production settings, loaded in a fresh interpreter with a realistic environment --------------

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "siko_portal.settings.production",
    "SECRET_KEY": "x" * 64,
    "MFA_ENCRYPTION_KEY": "ZGV2LW9ubHktbWZhLWtleS1jaGFuZ2UtbWUtMDAwMDA=",
    "DATABASE_URL": "postgres://siko:geheim@db:5432/siko",
    "REDIS_URL": "redis://redis:6379/0",
    "ALLOWED_HOSTS": "portal.siko-ruhr.nrw.de",
    "CLAMD_HOST": "clamd",
}


def load_settings(env: dict, names: list[str]) -> dict:
    """Import the settings module named in env in a subprocess and return the named settings."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}, default=str))"
    )
    clean_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean_env, **env},
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


TRANSPORT_SETTINGS = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME",
    "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_DOMAIN",
    "SESSION_COOKIE_PATH",
    "CSRF_COOKIE_PATH",
]


@pytest.fixture(scope="session")
def production_settings():
    """Production's transport settings, read in a subprocess (seconds): once per process, because the
    test on the demo that uses them runs apart from the other tests of this module (see tests/conftest.py)."""
    values = load_settings(PRODUCTION_ENV, TRANSPORT_SETTINGS)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_production_transport_settings(production_settings):
    assert production_settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    for cookie in ("SESSION", "CSRF"):
        assert production_settings[f"{cookie}_COOKIE_SECURE"] is True
        assert production_settings[f"{cookie}_COOKIE_SAMESITE"] in ("Lax", "Strict")
        assert production_settings[f"{cookie}_COOKIE_NAME"].startswith("__Host-")
        # __Host- cookies must not set a Domain and must use Path=/.
        assert production_settings[f"{cookie}_COOKIE_DOMAIN"] is None
        assert production_settings[f"{cookie}_COOKIE_PATH"] == "/"
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True
    assert production_settings["CSRF_COOKIE_HTTPONLY"] is True


def test_production_refuses_to_start_without_secrets():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    code = "import django; django.setup()"
    clean_env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY",)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean_env, **env},
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_https_responses_carry_hsts_and_host_prefixed_secure_cookies(demo, production_settings):
    """Mirror production's transport settings and log in over HTTPS through the real login form."""
    from tests.quality.conftest import ROLE_EMAILS

    with override_settings(**production_settings):
        client = Client(raise_request_exception=False)
        http = client.get("/konto/login/")
        assert http.status_code == 301
        assert http["Location"].startswith("https://")

        response = client.get("/konto/login/", secure=True)
        assert response.status_code == 200
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        csrf = response.cookies["__Host-csrftoken"]
        assert csrf["secure"] and csrf["httponly"] and csrf["path"] == "/" and not csrf["domain"]
        assert csrf["samesite"] in ("Lax", "Strict")

        from demo.context import DEMO_PASSWORD

        response = client.post(
            "/konto/login/",
            {"login": ROLE_EMAILS["mitglied"], "password": DEMO_PASSWORD},
            secure=True,
        )
        assert response.status_code == 302
        session = response.cookies["__Host-sessionid"]
        assert session["secure"] and session["httponly"] and session["path"] == "/"
        assert not session["domain"]
        assert session["samesite"] in ("Lax", "Strict")
        assert "no-store" in response["Cache-Control"]
