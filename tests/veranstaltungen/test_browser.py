"""Journeys in the browser: a member registers for a nearly full event and cancels; a Kommune proposes a measure."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_registers_lands_on_waiting_list_and_cancels(page, live_server, browser_user, reference_data):
    from demo.pages import ensure_home_page
    from veranstaltungen.models import Anmeldung, VeranstaltungIndexPage, VeranstaltungPage

    home = ensure_home_page()
    index = home.add_child(
        instance=VeranstaltungIndexPage(title="Fachveranstaltungen", slug="veranstaltungen")
    )
    beginn = timezone.now() + timedelta(days=7)
    event = index.add_child(
        instance=VeranstaltungPage(
            title="Workshop Vermögensabschöpfung",
            slug="workshop",
            beginn=beginn,
            ende=beginn + timedelta(hours=2),
            ort="Rathaus Essen",
            kapazitaet=1,
        )
    )
    first, password, secret = browser_user("mitglied")
    Anmeldung.objects.create(veranstaltung=event, user=browser_user("mitglied")[0])
    browser_login(page, live_server.url, first.email, password, secret)

    page.goto(f"{live_server.url}/veranstaltungen/")
    page.get_by_role("link", name="Workshop Vermögensabschöpfung").click()
    assert "ausgebucht" in page.locator("#anmeldung-heading + p").inner_text()
    page.get_by_role("button", name="Auf die Warteliste setzen").click()
    assert "Sie stehen auf der Warteliste (Platz 1)" in page.locator(".messages").inner_text()
    page.screenshot(path="var/screenshot-veranstaltung-warteliste.png", full_page=True)
    page.get_by_role("button", name="Anmeldung stornieren").click()
    # The confirmation page (no JavaScript) asks first; its button cancels.
    assert "stornieren?" in page.get_by_role("heading", level=1).inner_text()
    page.locator("main form").get_by_role("button", name="Anmeldung stornieren").click()
    assert "Ihre Anmeldung wurde storniert." in page.locator(".messages").inner_text()
    assert (
        not Anmeldung.objects.aktiv()
        .filter(veranstaltung=VeranstaltungPage.objects.get(), user=first)
        .exists()
    )
