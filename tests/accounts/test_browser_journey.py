"""The whole journey in a real browser: invitation → password → TOTP → recovery codes → start page → logout → login."""

import pytest

from tests.conftest import totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Sicherheitskooperation-2026!"


def _start_page():
    from demo.pages import ensure_home_page

    return ensure_home_page()


def test_invitation_to_login_journey(page, live_server, user_factory):
    from accounts.models import User
    from accounts.services import einladung_create

    _start_page()
    ap = user_factory("ansprechpartner")
    # The service returns the raw token that the invitation email carries.
    _einladung, token = einladung_create(
        email="neue.kollegin@example.org", behoerde=ap.behoerde, by=ap, send_mail=False
    )
    base = live_server.url

    page.goto(f"{base}/konto/einladung/{token}/")
    page.screenshot(path="var/screenshot-einladung.png", full_page=True)
    page.fill("#id_first_name", "Nora")
    page.fill("#id_last_name", "Neumann")
    page.fill("#id_password1", "kurz")
    page.fill("#id_password2", "kurz")
    page.click("main form button[type=submit]")
    assert "zu kurz" in page.inner_text("main")
    page.fill("#id_first_name", "Nora")
    page.fill("#id_last_name", "Neumann")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("main form button[type=submit]")

    page.wait_for_url(f"{base}/konto/2fa/totp/activate/")
    assert page.get_by_role("heading", level=1).inner_text() == "Authenticator-App einrichten"
    assert page.locator("img.totp-qr").get_attribute("src").startswith("data:image/svg+xml;base64,")
    page.screenshot(path="var/screenshot-totp.png", full_page=True)
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_now(secret))
    page.click("main form button[type=submit]")

    page.wait_for_url(f"{base}/konto/2fa/recovery-codes/")
    codes = page.input_value("#recovery_codes").split()
    assert len(codes) == 10
    page.screenshot(path="var/screenshot-recovery-codes.png", full_page=True)
    page.get_by_role("link", name="Ich habe die Codes gesichert – weiter zur Startseite").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Willkommen")
    assert "Nora Neumann" in page.inner_text("header")

    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url(f"{base}/konto/login/")
    assert "Sie haben sich abgemeldet." in page.inner_text("main")
    page.screenshot(path="var/screenshot-login.png", full_page=True)

    page.fill("#id_login", "neue.kollegin@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/konto/2fa/authenticate/")
    page.screenshot(path="var/screenshot-2fa.png", full_page=True)
    # The enrolment code was already used in this 30-second window; use a recovery code if needed.
    code = totp_now(secret)
    page.fill("input[name=code]", code)
    page.click("main form button[type=submit]")
    if page.url != f"{base}/":
        assert "bereits verwendet" in page.inner_text("main")
        page.fill("input[name=code]", codes[0])
        page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Willkommen")
    assert User.objects.get(email="neue.kollegin@example.org").behoerde == ap.behoerde


def test_staff_pages_screenshots(page, live_server, browser_user, user_factory):
    from accounts.services import einladung_create
    from audit.models import Aktion
    from audit.services import audit_log
    from tests.conftest import browser_login

    _start_page()
    gs, password, secret = browser_user("geschaeftsstelle", first_name="Katrin", last_name="Albers")
    behoerde = user_factory("ansprechpartner", first_name="Miriam", last_name="Kowalski").behoerde
    for first, last in [("Tobias", "Schäfer"), ("Aylin", "Demir"), ("Daniel", "Krüger")]:
        person = user_factory("mitglied", behoerde=behoerde, first_name=first, last_name=last)
        audit_log(aktion=Aktion.KONTO_REZERTIFIZIERT, actor=gs, subject=person)
    einladung_create(email="markus.hoffmann@example.org", behoerde=behoerde, by=gs, send_mail=False)
    browser_login(page, live_server.url, gs.email, password, secret)

    page.locator(".main-nav summary", has_text="Verwaltung").click()  # the header group, then its link
    page.locator(".main-nav").get_by_role("link", name="Personen").click()
    page.wait_for_url(f"{live_server.url}/konto/personen/")
    assert "Schäfer" in page.inner_text("main")
    page.screenshot(path="var/screenshot-personen.png", full_page=True)
    page.get_by_role("link", name="Tobias Schäfer").click()
    page.get_by_role("button", name="Zugang für ein weiteres Jahr bestätigen").click()
    assert "wurde rezertifiziert" in page.inner_text("main")
    page.screenshot(path="var/screenshot-person.png", full_page=True)

    page.locator(".main-nav summary", has_text="Verwaltung").click()
    page.locator(".main-nav").get_by_role("link", name="Protokoll").click()
    page.wait_for_url(f"{live_server.url}/protokoll/")
    assert "Konto rezertifiziert" in page.inner_text("main")
    page.screenshot(path="var/screenshot-protokoll.png", full_page=True)
