"""Forced enrolment in a real browser: a security key (Chromium's virtual authenticator) instead of TOTP."""

import pytest

from tests.quality.browser import format_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Sicherheitskooperation-2026!"


def fits_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_enrolment_with_a_security_key_on_a_phone(page, live_server, user_factory):
    from allauth.mfa.models import Authenticator

    from demo.pages import ensure_home_page

    ensure_home_page()
    user = user_factory("mitglied", password=PASSWORD)
    page.set_viewport_size({"width": 360, "height": 740})
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    base = live_server.url

    page.goto(f"{base}/konto/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    # Forced enrolment, straight after the login: no second password prompt.
    page.wait_for_url(f"{base}/konto/2fa/totp/activate/")
    secret = page.input_value("#authenticator_secret")
    page.reload()
    assert page.input_value("#authenticator_secret") == secret
    assert fits_width(page)
    assert format_violations("/konto/2fa/totp/activate/", run_axe(page)) == []
    page.get_by_role("link", name="Sicherheitsschlüssel einrichten").click()
    page.wait_for_url(f"{base}/konto/2fa/webauthn/add/")
    assert fits_width(page)
    page.fill("input[name=name]", "Dienst-Token")
    page.click("#mfa_webauthn_add")
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).count() == 1
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    page.goto(f"{base}/konto/profil/")
    assert page.url == f"{base}/konto/profil/"  # the session counts as verified by the enrolment
