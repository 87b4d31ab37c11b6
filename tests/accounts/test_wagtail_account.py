"""The Wagtail account page changes nothing the portal owns: it leads to the portal's profile."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(user_factory, login):
    user = user_factory("geschaeftsstelle", email="redaktion@example.org")
    return user, login(user)


def test_wagtail_account_page_redirects_to_the_portal_profile(editor):
    _user, client = editor
    url = reverse("wagtailadmin_account")
    assert url == "/admin/account/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profil")


def test_posting_to_the_wagtail_account_page_changes_neither_email_nor_name(editor):
    user, client = editor
    response = client.post(
        "/admin/account/",
        {
            "name_email-first_name": "Mallory",
            "name_email-last_name": "Angreifer",
            "name_email-email": "angreifer@evil.example",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "redaktion@example.org"
    assert user.first_name != "Mallory" and user.last_name != "Angreifer"


def test_wagtail_admin_offers_no_email_or_password_management():
    from wagtail.admin.views.account import email_management_enabled, password_management_enabled

    assert email_management_enabled() is False
    assert password_management_enabled() is False
