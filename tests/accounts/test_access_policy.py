import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get("/behoerden/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_health_is_public_and_has_no_personal_data(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_user_without_second_factor_is_sent_to_enrolment(login, mitglied):
    client = login(mitglied, mfa=False)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_deactivation_ends_sessions(login, mitglied):
    from accounts.services import user_deactivate

    client = login(mitglied)
    assert client.get(reverse("accounts:profil")).status_code == 200
    user_deactivate(user=mitglied, by=None)
    response = client.get(reverse("accounts:profil"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_reference_data_counts(reference_data):
    from behoerden.models import Behoerde, Gemeinde

    assert Gemeinde.objects.count() == 53
    assert Behoerde.objects.filter(name__regex=r"^(Polizeipräsidium|Kreispolizeibehörde) ").count() == 12


def test_user_without_confirmed_terms_is_sent_to_the_confirmation(login, user_factory):
    """Like the missing second factor: no content until the current Nutzungsbedingungen are confirmed."""
    from rechtliches.models import Regelwerk

    person = user_factory("mitglied")
    Regelwerk.objects.create(art=Regelwerk.Art.NUTZUNGSBEDINGUNGEN, version=1, titel="NB", text="<p>NB</p>")
    client = login(person)
    for path in ("/behoerden/", "/admin/", reverse("accounts:profil")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("rechtliches:bestaetigen"))
    assert client.get(reverse("rechtliches:bestaetigen")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
