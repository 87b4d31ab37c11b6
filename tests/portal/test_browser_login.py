import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_with_password_and_totp_reaches_start_page(page, live_server, browser_user):
    from demo.pages import ensure_home_page

    ensure_home_page()
    user, password, secret = browser_user("mitglied")
    browser_login(page, live_server.url, user.email, password, secret)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Willkommen")
    page.screenshot(path="var/screenshot-start.png")
