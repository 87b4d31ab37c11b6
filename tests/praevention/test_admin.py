"""The Wagtail admin screens of Prävention and Fachveranstaltungen load for editors."""

import pytest

from praevention.models import Massnahme, PraeventionPage, PraeventionsprogrammPage
from veranstaltungen.models import VeranstaltungIndexPage, VeranstaltungPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(demo, user_factory, login):
    user = user_factory("geschaeftsstelle", is_superuser=True, is_staff=True)
    return login(user)


@pytest.mark.parametrize(
    "model", [PraeventionPage, PraeventionsprogrammPage, VeranstaltungIndexPage, VeranstaltungPage]
)
def test_page_edit_forms_load(superuser_client, model):
    page = model.objects.first()
    response = superuser_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200


def test_add_event_form_loads(superuser_client):
    index = VeranstaltungIndexPage.objects.get()
    response = superuser_client.get(f"/admin/pages/add/veranstaltungen/veranstaltungpage/{index.pk}/")
    assert response.status_code == 200
    assert "Kapazität" in response.content.decode()


def test_redaktion_manages_measures_as_snippets(demo, login):
    client = login(demo.users["gs-redaktion"])
    response = client.get("/admin/snippets/praevention/massnahme/")
    assert response.status_code == 200
    massnahme = Massnahme.objects.zur_pruefung().first()
    assert massnahme.titel in response.content.decode()
    assert client.get(f"/admin/snippets/praevention/massnahme/edit/{massnahme.pk}/").status_code == 200


def test_member_cannot_reach_measure_admin(demo, login):
    response = login(demo.users["stadt-gelsenkirchen-ap"]).get("/admin/snippets/praevention/massnahme/")
    assert response.status_code in (302, 403, 404)
    assert Massnahme.objects.zur_pruefung().first().titel not in response.content.decode()


def test_event_preview_works_for_draft(superuser_client):
    page = VeranstaltungPage.objects.get(slug="fachtag-clankriminalitaet-ruhr")
    page.unpublish()
    response = superuser_client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200
    assert "Fachtag Clankriminalität Ruhr 2027" in response.content.decode()
