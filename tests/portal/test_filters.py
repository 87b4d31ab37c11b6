"""A filter value a list does not understand is ignored with a German notice: never a 400, never a
wrongly filtered list."""

import datetime as dt

import pytest
from django import forms
from django.urls import reverse

from behoerden.models import Kreis
from lagebilder.models import Klassifikation, Sichtbarkeit
from lagebilder.services import lagebild_create
from portal.filters import FilterForm

pytestmark = pytest.mark.django_db


class KreisFilter(FilterForm):
    kreis = forms.ModelChoiceField(
        label="Kreis", queryset=Kreis.objects.all(), to_field_name="slug", required=False
    )
    ab = forms.DateField(label="Zeitraum ab", required=False)
    text = forms.CharField(label="Text", required=False)


def test_values_not_understood_are_dropped_each_with_a_notice(world):
    form = KreisFilter({"kreis": str(world["kreis"].pk), "ab": "gestern", "text": "Shisha"})
    assert form.is_valid()
    assert form.cleaned_data == {"text": "Shisha"}
    assert form.notices == [
        "Der Filter „Kreis“ wurde nicht angewendet: unbekannter Wert.",
        "Der Filter „Zeitraum ab“ wurde nicht angewendet: Bitte ein gültiges Datum eingeben.",
    ]
    assert not form.errors


def test_understood_values_filter_without_notice(world):
    form = KreisFilter({"kreis": "recklinghausen"})
    assert form.is_valid()
    assert form.cleaned_data["kreis"] == world["kreis"]
    assert form.notices == []
    assert KreisFilter().notices == []


@pytest.fixture
def lagebilder(world):
    return [
        lagebild_create(
            by=world["mitglied"],
            titel=f"Lage {fachgebiet.name}",
            zusammenfassung="Kontrollen.",
            zeitraum_von=dt.date(2026, 10, 1),
            zeitraum_bis=dt.date(2026, 10, 31),
            fachgebiete=[fachgebiet],
            klassifikation=Klassifikation.OFFEN,
            sichtbarkeit=Sichtbarkeit.EIGENE_BEHOERDE,
            behoerden=(),
            arbeitskreise=(),
            upload=None,
            veroeffentlichen=True,
        )
        for fachgebiet in (world["shisha"], world["rotlicht"])
    ]


def _rows(response, key):
    rows = response.context[key]
    return list(getattr(rows, "object_list", rows))


# (list, query string from another vocabulary, context key of the rows, label of the ignored filter)
BAD_FILTERS = [
    ("lagebilder:liste", {"fachgebiet": "2"}, "lagebilder", "Fachgebiet"),
    ("lagebilder:liste", {"behoerde": "abc"}, "lagebilder", "Behörde (Autor)"),
    ("lagebilder:liste", {"region": "rotlicht"}, "lagebilder", "Region"),
    ("audit:liste", {"behoerde": "abc"}, "entries", "Behörde"),
    ("audit:liste", {"aktion": "rotlicht"}, "entries", "Aktion"),
    ("behoerden:list", {"kreis": "2"}, "page", "Kreis / kreisfreie Stadt"),
    ("behoerden:list", {"regierungsbezirk": "abc"}, "page", "Regierungsbezirk"),
    ("praevention:list", {"kommune": "abc"}, "page_obj", "Kommune"),
    ("accounts:personen", {"behoerde": "rotlicht"}, "page_obj", "Behörde"),
]


@pytest.mark.parametrize(("url", "params", "rows", "label"), BAD_FILTERS)
def test_a_filter_from_another_vocabulary_is_ignored_with_a_notice(
    world, lagebilder, login, url, params, rows, label
):
    client = login(world["gs"])
    unfiltered = client.get(reverse(url))
    response = client.get(reverse(url), params)
    assert response.status_code == 200
    assert f"Der Filter „{label}“ wurde nicht angewendet: unbekannter Wert." in response.content.decode()
    assert _rows(response, rows) == _rows(unfiltered, rows)


def test_a_slug_in_the_lagebilder_filter_is_understood(world, lagebilder, login):
    response = login(world["mitglied"]).get(reverse("lagebilder:liste"), {"fachgebiet": "rotlicht"})
    assert [row["titel"] for row in response.context["lagebilder"]] == ["Lage Rotlicht"]
    assert "wurde nicht angewendet" not in response.content.decode()


def test_one_bad_filter_leaves_the_others_applied(world, lagebilder, login):
    response = login(world["mitglied"]).get(
        reverse("lagebilder:liste"), {"fachgebiet": "rotlicht", "behoerde": "abc"}
    )
    assert [row["titel"] for row in response.context["lagebilder"]] == ["Lage Rotlicht"]
    assert "Der Filter „Behörde (Autor)“ wurde nicht angewendet" in response.content.decode()


def test_a_date_range_the_wrong_way_round_is_explained(world, login):
    response = login(world["gs"]).get(reverse("audit:liste"), {"von": "2026-05-02", "bis": "2026-05-01"})
    assert response.status_code == 200
    assert (
        "Der Filter „bis“ wurde nicht angewendet: Das Ende des Zeitraums liegt vor dem Anfang."
        in response.content.decode()
    )


def test_gesamtlage_with_unknown_filters_falls_back_to_the_defaults(world, login):
    client = login(world["gs"])
    response = client.get(reverse("erhebungen:lage"), {"fachgebiet": "2", "zeitraum": "abc", "ebene": "x"})
    assert response.status_code == 200
    assert response.context["lage"].fachgebiet == world["shisha"]


def test_a_stale_board_form_keeps_the_input_with_a_german_error(world, login):
    from austausch.models import Bereich, Thema
    from austausch.services import bereiche_ensure

    bereiche_ensure()
    url = reverse("austausch:thema_neu", args=["allgemein"])
    gone = world["kreis"].pk + 1000
    data = {"titel": "Frage zur Region", "art": "frage", "text": "Text.", "region": str(gone)}
    response = login(world["mitglied"]).post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["region"]
    assert 'value="Frage zur Region"' in response.content.decode()
    assert not Thema.objects.filter(bereich=Bereich.objects.get(slug="allgemein")).exists()
