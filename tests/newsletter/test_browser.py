"""Browser journey: archive, an issue with the own digest, preferences; screenshots go to var/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from newsletter import services
from newsletter.models import AusgabeStatus
from tests.conftest import browser_login

from .conftest import ONLY_A_TITLE, SECRET_VSNFD_TITLE

VAR = Path(__file__).resolve().parents[2] / "var"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reader_sees_archive_issue_and_preferences(
    page, live_server, browser_user, news_sources, ausgabe_factory, fachgebiete
):
    from demo.pages import ensure_home_page

    ensure_home_page()
    user, password, secret = browser_user(
        behoerde=news_sources["behoerde_a"], first_name="Miriam", last_name="Kowalski"
    )
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)
    services.ausgabe_send_sync(ausgabe=ausgabe)
    VAR.mkdir(exist_ok=True)
    from django.core import mail

    message = next(m for m in mail.outbox if m.to == [user.email])
    email_file = VAR / "newsletter-email.html"
    email_file.write_text(message.alternatives[0][0], encoding="utf-8")

    browser_login(page, live_server.url, user.email, password, secret)
    page.goto(f"{live_server.url}/newsletter/")
    assert page.locator("h1").inner_text() == "Newsletter-Archiv"
    page.screenshot(path=str(VAR / "newsletter-archiv.png"), full_page=True)
    page.click(f"text={ausgabe.titel}")
    # The click starts a navigation; read the page once the issue has loaded (content() in between is "").
    page.wait_for_url(f"{live_server.url}/newsletter/{ausgabe.pk}/")
    content = page.content()
    assert ONLY_A_TITLE in content and SECRET_VSNFD_TITLE not in content
    page.screenshot(path=str(VAR / "newsletter-ausgabe.png"), full_page=True)
    page.goto(f"{live_server.url}/newsletter/einstellungen/")
    page.check("text=Shisha")
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("gespeichert")
    page.screenshot(path=str(VAR / "newsletter-einstellungen.png"), full_page=True)
    page.goto(email_file.as_uri())
    page.screenshot(path=str(VAR / "newsletter-email.png"), full_page=True)
