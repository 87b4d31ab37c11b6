"""Journey: a member asks, a colleague of another authority answers, the asker marks the answer."""

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ask_answer_mark_answered(
    page, live_server, browser_user, behoerde_factory, _playwright_browser, tmp_path
):
    from austausch.models import Thema
    from austausch.services import bereiche_ensure
    from demo.pages import ensure_home_page

    ensure_home_page()
    bereiche_ensure()
    asker, password, secret = browser_user(
        "mitglied", behoerde=behoerde_factory("Stadt Gelsenkirchen"), first_name="Aylin", last_name="Demir"
    )
    helper, helper_password, helper_secret = browser_user(
        "mitglied",
        behoerde=behoerde_factory("Polizeipräsidium Essen"),
        first_name="Tobias",
        last_name="Schäfer",
    )

    # The member asks a question in the general area.
    browser_login(page, live_server.url, asker.email, password, secret)
    page.goto(f"{live_server.url}/austausch/")
    page.get_by_role("link", name="Allgemein").click()
    page.get_by_role("link", name="Neues Thema eröffnen").click()
    page.fill("#id_titel", "Wer kennt die Betreiber der Shisha-Bar „Layali“?")
    page.select_option("#id_art", "frage")
    page.fill("#id_text", "Gibt es Erkenntnisse zu den Vorbetreibern? <script>alert(1)</script>")
    page.get_by_role("button", name="Thema veröffentlichen").click()
    page.wait_for_url("**/austausch/thema/*/")
    assert "Ihr Thema wurde veröffentlicht." in page.content()
    thema = Thema.objects.get()

    # A colleague of another authority answers.
    context = _playwright_browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    other = context.new_page()
    browser_login(other, live_server.url, helper.email, helper_password, helper_secret)
    other.goto(f"{live_server.url}/austausch/bereich/allgemein/")
    assert other.locator(".badge--unread").first.inner_text() == "ungelesen"
    other.get_by_role("link", name="Wer kennt die Betreiber der Shisha-Bar „Layali“?", exact=True).click()
    other.fill("#id_text", "Ja, der Name ist aus einer Kontrolle in **Essen-Altendorf** bekannt.")
    from tests.dateien.files import pdf_bytes

    attachment = tmp_path / "Kontrollbericht Altendorf.pdf"
    attachment.write_bytes(pdf_bytes("Kontrollbericht"))
    other.set_input_files("#id_anhaenge", str(attachment))
    other.get_by_role("button", name="Antwort veröffentlichen").click()
    other.wait_for_selector("text=Ihre Antwort wurde veröffentlicht.")
    assert "Polizeipräsidium Essen" in other.content()
    context.close()

    # The asker marks the answer.
    page.goto(f"{live_server.url}/austausch/thema/{thema.pk}/")
    page.get_by_role("button", name="Als Antwort markieren").click()
    page.wait_for_selector(".post--answer")
    assert "Antwort auf die Frage" in page.locator(".post--answer").inner_text()
    assert "Essen-Altendorf" in page.locator(".post--answer").inner_text()
    assert "Kontrollbericht Altendorf.pdf" in page.locator(".post--answer").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Kontrollbericht Altendorf.pdf").click()
    assert download_info.value.suggested_filename == "Kontrollbericht Altendorf.pdf"
    page.screenshot(path="var/screenshot-austausch-thema.png", full_page=True)
    page.goto(f"{live_server.url}/austausch/")
    page.screenshot(path="var/screenshot-austausch-index.png", full_page=True)
    thema.refresh_from_db()
    assert thema.antwort is not None and thema.antwort.autor == helper
    assert "<script>alert(1)</script>" not in page.content()
