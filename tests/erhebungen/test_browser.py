import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_authority_submits_and_geschaeftsstelle_sees_it_in_overview_and_chart(
    page, live_server, browser_user, erhebung, raster, geo, _playwright_browser
):
    from demo.pages import ensure_home_page

    ensure_home_page()
    user, password, secret = browser_user("mitglied", behoerde=geo["a"])
    browser_login(page, live_server.url, user.email, password, secret)
    page.goto(f"{live_server.url}/erhebungen/")
    page.get_by_role("link", name="zur Meldung").click()
    page.get_by_label("Kontrollen").fill("-5")
    page.get_by_role("button", name="Entwurf speichern").click()
    assert "Eine Anzahl darf nicht negativ sein." in page.inner_text("main")
    page.get_by_label("Kontrollen").fill("1.234")
    page.get_by_label("Tabak sichergestellt (kg)").fill("12,5 kg")
    page.get_by_label("Vermögenswerte gesichert (€)").fill("1.234,50 €")
    page.get_by_label("Schwerpunktaktion").select_option("ja")
    page.get_by_label("Kontrollen").fill("987")
    from axe_playwright_python.sync_playwright import Axe

    assert Axe().run(page).violations_count == 0
    page.screenshot(path="var/erhebungen-meldung.png", full_page=True)
    page.get_by_role("button", name="Meldung einreichen").click()
    # Submitting asks first (a confirmation page without JavaScript); its button submits.
    assert "einreichen?" in page.get_by_role("heading", level=1).inner_text()
    page.locator("main form").get_by_role("button", name="Meldung einreichen").click()
    assert "Die Meldung wurde eingereicht" in page.inner_text("main")

    gs_user, gs_password, gs_secret = browser_user("geschaeftsstelle")
    context = _playwright_browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    gs_page = context.new_page()
    browser_login(gs_page, live_server.url, gs_user.email, gs_password, gs_secret)
    gs_page.goto(f"{live_server.url}/erhebungen/{erhebung.pk}/")
    row = gs_page.get_by_role("row", name="Stadt A")
    assert "eingereicht" in row.inner_text()
    assert "1 von 3 Behörden haben eingereicht" in gs_page.inner_text("main")
    gs_page.goto(f"{live_server.url}/erhebungen/lage/?indikator=kontrollen&zeitraum={erhebung.pk}")
    chart = gs_page.locator("svg#chart-einheiten, figure svg").first
    assert "987" in chart.inner_html() and ">A<" in chart.inner_html()
    assert gs_page.get_by_role("img", name="Kontrollen je Kommune / Behörde, Erhebung Q1").count() == 1
    gs_page.screenshot(path="var/erhebungen-lage.png", full_page=True)
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(gs_page)
    assert result.violations_count == 0, [v["id"] for v in result.response["violations"]]
    context.close()
