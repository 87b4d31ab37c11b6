"""At 360 px in a real browser: the calendar subscription and the stale-form (CSRF) page with its way back."""

import pytest

from tests.conftest import browser_login
from tests.quality.browser import format_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def phone(page, live_server, browser_user):
    from demo.pages import ensure_home_page

    ensure_home_page()
    user, password, secret = browser_user("mitglied")
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login(page, live_server.url, user.email, password, secret)
    return page, live_server.url, user


def test_calendar_subscription_on_a_phone(phone):
    from veranstaltungen.models import KalenderAbo

    page, base, user = phone
    page.goto(f"{base}/kalender/")
    assert fits_width(page)
    page.get_by_role("button", name="Persönliche Abonnement-Adresse erstellen").click()
    page.wait_for_url(f"{base}/kalender/")
    url = page.input_value("#kalender-abo-url")
    assert url.startswith(f"{base}/kalender/abo/") and url.endswith(".ics")
    assert page.locator("#kalender-abo-url").is_visible()
    assert fits_width(page)
    assert format_violations("/kalender/", run_axe(page)) == []
    assert KalenderAbo.objects.filter(user=user).exists()
    page.reload()
    assert page.locator("#kalender-abo-url").count() == 0  # shown once


def test_stale_form_explains_itself_and_back_keeps_the_input(phone):
    page, base, user = phone
    page.goto(f"{base}/konto/profil/")
    # What a new login in another tab does: the CSRF cookie no longer matches this page's token.
    page.context.add_cookies([{"name": "csrftoken", "value": "y" * 32, "url": base}])
    page.fill("#id_funktion", "Sachgebietsleitung Ordnungsamt")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Seite nicht mehr aktuell"
    assert "DEBUG" not in page.content()
    assert fits_width(page)
    assert format_violations("csrf", run_axe(page)) == []
    page.go_back()
    assert page.input_value("#id_funktion") == "Sachgebietsleitung Ordnungsamt"
