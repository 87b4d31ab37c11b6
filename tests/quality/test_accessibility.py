"""Accessibility gate (BITV 2.0 / WCAG 2.1 AA): the Wagtail admin report and the keyboard journey. axe-core
over every portal page type, per role, runs in the browser pass of tests/quality/test_every_page_type.py."""

import re

import pytest

from tests.conftest import seed_demo
from tests.quality.browser import format_violations, login_as, page_types, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_wagtail_admin_violations_are_listed(page, live_server):
    """The Wagtail admin's own issues are reported (not counted); the admin must load under our CSP."""
    seed_demo()
    csp_errors = []
    page.on(
        "console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    login_as(page, live_server.url, "geschaeftsstelle")
    report = []
    for url in page_types(admin=True):
        response = page.goto(live_server.url + url.path)
        assert response is not None and response.status < 500, url
        report.extend(format_violations(url.path, run_axe(page)) or [f"{url.path}: keine Verstöße"])
    page.goto(live_server.url + "/admin/")
    assert page.get_by_role("heading", level=1).count() >= 1  # the admin dashboard rendered
    print("\nWagtail-Admin (nicht gezählt):\n  " + "\n  ".join(report))
    print("CSP-Meldungen im Admin:\n  " + ("\n  ".join(sorted(set(csp_errors))) or "keine"))
    assert report


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus (keyboard only, no clicks)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with the Tab key")


def tab_to_link(page, name_pattern: str, limit: int = 120) -> None:
    """Press Tab until a link whose accessible text matches `name_pattern` has the focus."""
    regex = re.compile(name_pattern, re.I)
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "() => { const e = document.activeElement; return e && e.tagName === 'A' ? "
            "(e.getAttribute('aria-label') || e.innerText || '') : null; }"
        )
        if text and regex.search(text):
            return
    raise AssertionError(f"no link named /{name_pattern}/ reachable with the Tab key")


def open_nav_group(page, label: str, limit: int = 120) -> None:
    """Tab to the header group `label` (a <details> summary) and open it with Enter."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(
            "(l) => { const e = document.activeElement; return !!e && e.tagName === 'SUMMARY' && "
            "e.closest('.main-nav') !== null && e.innerText.trim() === l; }",
            label,
        )
        if found:
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.parentElement.open"), f"group {label} did not open"
            return
    raise AssertionError(f"header group {label} is not reachable with the Tab key")


def test_keyboard_only_journey(page, live_server):
    """Log in with TOTP, search, open a Fachgebiet, open a Lagebild — keyboard only, focus visible."""
    from demo.context import DEMO_PASSWORD, demo_totp_secret
    from tests.conftest import totp_now
    from tests.quality.conftest import ROLE_EMAILS

    seed_demo()
    email = ROLE_EMAILS["mitglied"]
    page.goto(f"{live_server.url}/konto/login/")
    # The skip link is the first stop and becomes visible when focused.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    tab_to(page, "#id_login")
    page.keyboard.type(email)
    tab_to(page, "#id_password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("input[name=code]")
    tab_to(page, "input[name=code]")
    page.keyboard.type(totp_now(demo_totp_secret(email)))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    tab_to(page, "#site-search-q")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is not visible"
    page.keyboard.type("Essen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/suche/\?q=Essen"))
    assert page.get_by_role("heading", level=1).inner_text() == "Suche"
    page.screenshot(path="var/keyboard-search.png")

    # Open a Fachgebiet: main navigation, then the topic link.
    tab_to_link(page, r"^Fachgebiete$")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/fachgebiete/"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/fachgebiete/")
    tab_to_link(page, r"^Shisha-Bars$")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/fachgebiete/shisha/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Shisha-Bars"

    # Open a Lagebild: the header group "Lagebilder", its first link, then the first report of the list.
    open_nav_group(page, "Lagebilder")
    tab_to_link(page, r"^Lagebilder$")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/lagebilder/")
    first_title = page.locator("main table tbody tr td a").first.inner_text()
    tab_to_link(page, "^" + re.escape(first_title) + "$")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/lagebilder/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == first_title
    page.screenshot(path="var/keyboard-lagebild.png")
