"""Session rules: 30 minutes idle, 12 hours at most, deactivation ends sessions; admin is no way around MFA."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.middleware import LOGIN_AT_KEY

pytestmark = pytest.mark.django_db

PROFIL = "/konto/profil/"


def test_idle_timeout_is_thirty_minutes_on_the_server(login, mitglied):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = login(mitglied)
    assert client.get(PROFIL).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    # 31 minutes of silence: the server-side session has expired.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(minutes=1))
    cache.clear()  # cached_db keeps a copy whose lifetime is the same 30 minutes
    response = client.get(PROFIL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_activity_refreshes_the_idle_expiry(login, mitglied):
    client = login(mitglied)
    client.get(PROFIL)
    session = client.session
    session["siko_touched_at"] = time.time() - 120  # last refresh two minutes ago
    session.save()
    Session.objects.filter(pk=session.session_key).update(expire_date=timezone.now() + timedelta(minutes=5))
    cache.clear()
    client.get(PROFIL)
    expire = Session.objects.get(pk=session.session_key).expire_date
    assert expire - timezone.now() > timedelta(minutes=29)


def test_absolute_limit_of_twelve_hours(login, mitglied):
    client = login(mitglied)
    client.get(PROFIL)
    session = client.session
    session[LOGIN_AT_KEY] = time.time() - 12 * 60 * 60 - 5
    session.save()
    response = client.get(PROFIL, follow=True)
    assert response.redirect_chain[0][0] == reverse("account_login")
    assert "nach zwölf Stunden abgelaufen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_deactivated_users_old_session_gets_german_message(login, mitglied):
    from accounts.services import user_deactivate

    client = login(mitglied)
    other_client = login(mitglied)
    user_deactivate(user=mitglied, by=None)
    for c in (client, other_client):
        response = c.get(PROFIL, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
        assert "Ihre Sitzung wurde beendet" in response.content.decode()


def test_deactivated_user_cannot_log_in_again(client, browser_user):
    from accounts.services import user_deactivate

    user, password, _secret = browser_user("mitglied")
    user_deactivate(user=user, by=None)
    response = client.post("/konto/login/", {"login": user.email, "password": password}, follow=True)
    assert "_auth_user_id" not in client.session
    content = response.content.decode()
    assert "nicht korrekt" in content or "deaktiviert" in content


def test_django_admin_is_not_routed():
    with pytest.raises(NoReverseMatch):
        reverse("admin:index")
    from siko_portal import urls as root_urls

    assert "django.contrib.admin" in settings.INSTALLED_APPS
    assert not any(getattr(p, "app_name", None) == "admin" for p in root_urls.urlpatterns)


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/pages/", "/django-admin/"])
def test_admin_anonymous_goes_to_allauth_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_wagtail_admin_login_form_cannot_bypass_mfa(client, browser_user):
    user, password, _secret = browser_user("geschaeftsstelle")
    response = client.post("/admin/login/", {"username": user.email, "password": password})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/"])
def test_admin_without_second_factor_goes_to_enrolment(login, geschaeftsstelle, path):
    client = login(geschaeftsstelle, mfa=False)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
