"""Choice lists and reference data shared by everybody come from the cache and follow every change."""

import pytest
from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.test.utils import CaptureQueriesContext

from arbeitskreise.models import Arbeitskreis
from behoerden.models import Behoerde, Gemeinde
from fachgebiete.models import Fachgebiet
from lagebilder.forms import ListFilterForm, region_choices
from portal.shared_cache import SharedModelChoiceField, SharedModelMultipleChoiceField, get_or_build

pytestmark = pytest.mark.django_db


class SharedForm(forms.Form):
    behoerde = SharedModelChoiceField(queryset=Behoerde.objects.order_by("name"), required=False)
    fachgebiete = SharedModelMultipleChoiceField(
        queryset=Fachgebiet.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )


class PlainForm(forms.Form):
    behoerde = forms.ModelChoiceField(queryset=Behoerde.objects.order_by("name"), required=False)
    fachgebiete = forms.ModelMultipleChoiceField(
        queryset=Fachgebiet.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )


@pytest.fixture
def data(reference_data):
    Fachgebiet.objects.get_or_create(slug="shisha", defaults={"name": "Shisha"})
    Fachgebiet.objects.get_or_create(slug="rotlicht", defaults={"name": "Rotlicht"})
    return reference_data


def _html(form_class, **kwargs):
    return str(form_class(renderer=DjangoTemplates(), **kwargs))


def test_shared_fields_render_like_model_choice_fields(data):
    behoerde = Behoerde.objects.order_by("name")[3]
    fachgebiet = Fachgebiet.objects.first()
    bound = {"behoerde": str(behoerde.pk), "fachgebiete": [str(fachgebiet.pk)]}
    assert _html(SharedForm) == _html(PlainForm)
    assert _html(SharedForm, data=bound) == _html(PlainForm, data=bound)
    assert f'value="{behoerde.pk}" selected' in _html(SharedForm, data=bound)


def test_second_render_needs_no_query_for_the_choices(data):
    str(SharedForm())
    with CaptureQueriesContext(connection) as queries:
        str(SharedForm())
    assert len(queries) == 0


def test_validation_still_asks_the_database(data):
    behoerde = Behoerde.objects.first()
    form = SharedForm(data={"behoerde": str(behoerde.pk)})
    assert form.is_valid()
    assert form.cleaned_data["behoerde"] == behoerde
    bad = SharedForm(data={"behoerde": "999999"})
    assert not bad.is_valid()
    assert "behoerde" in bad.errors


def test_new_renamed_and_deleted_rows_show_at_once(data):
    str(SharedForm())
    neu = Behoerde.objects.create(name="AAA Neue Behörde", art=Behoerde.Art.KOMMUNE)
    assert "AAA Neue Behörde" in str(SharedForm())
    neu.name = "AAA Umbenannt"
    neu.save()
    html = str(SharedForm())
    assert "AAA Umbenannt" in html and "AAA Neue Behörde" not in html
    neu.delete()
    assert "AAA Umbenannt" not in str(SharedForm())


def test_region_choices_follow_reference_data(data):
    before = region_choices()
    gemeinde = Gemeinde.objects.order_by("name").first()
    gemeinde.name = "Aaa-Testgemeinde"
    gemeinde.save()
    after = region_choices()
    assert after != before
    assert (f"ge:{gemeinde.pk}", "Aaa-Testgemeinde") in after[3][1]
    form = ListFilterForm(data={"region": f"ge:{gemeinde.pk}"})
    assert "Aaa-Testgemeinde" in str(form["region"])


def test_cached_value_is_rebuilt_after_a_change(data):
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    ak = Arbeitskreis.objects.create(name="Test-AK")
    assert get_or_build("test:ak", build, models=[Arbeitskreis]) == 1
    assert get_or_build("test:ak", build, models=[Arbeitskreis]) == 1
    ak.save()
    assert get_or_build("test:ak", build, models=[Arbeitskreis]) == 2


def test_narrowed_queryset_gets_its_own_entry(data):
    form = SharedForm()
    form.fields["behoerde"].queryset = Behoerde.objects.filter(art=Behoerde.Art.KOMMUNE).order_by("name")
    narrowed = str(form["behoerde"])
    full = str(SharedForm()["behoerde"])
    assert narrowed.count("<option") < full.count("<option")
    assert narrowed.count("<option") == Behoerde.objects.filter(art=Behoerde.Art.KOMMUNE).count() + 1
