"""On a phone (390 × 844) the header collapses to one line and every area is two taps away."""

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_header_collapses_and_reaches_areas_in_two_taps(page, live_server, browser_user):
    from demo.pages import ensure_home_page

    ensure_home_page()
    user, password, secret = browser_user("mitglied")
    browser_login(page, live_server.url, user.email, password, secret)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/konto/profil/")
    heading = page.locator("main h1").first
    assert heading.bounding_box()["y"] + heading.bounding_box()["height"] <= 844 / 4
    assert not page.locator(".main-nav").is_visible()
    assert not page.get_by_role("link", name="Arbeitskreise").first.is_visible()
    page.locator(".site-menu > summary").click()  # tap 1
    with page.expect_navigation():
        page.locator(".site-menu").get_by_role("link", name="Arbeitskreise", exact=True).click()  # tap 2
    assert page.url.endswith("/arbeitskreise/")


def test_desktop_group_opens_without_javascript(page, live_server, browser_user):
    from demo.pages import ensure_home_page

    ensure_home_page()
    user, password, secret = browser_user("mitglied")
    page.context.set_extra_http_headers({})
    browser_login(page, live_server.url, user.email, password, secret)
    page.goto(f"{live_server.url}/konto/profil/")
    page.locator(".main-nav summary", has_text="Lagebilder").click()  # click 1
    with page.expect_navigation():
        page.locator(".main-nav").get_by_role("link", name="Gesamtlagedarstellung").click()  # click 2
    assert page.url.endswith("/erhebungen/lage/")
