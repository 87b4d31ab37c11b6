"""Choice lists and reference data shared by everybody come from the cache and follow every change."""

import pytest
from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from behoerden.models import Behoerde, Gemeinde
from fachgebiete.models import Fachgebiet
from lagebilder.forms import ListFilterForm, region_choices
from portal import content_cache
from portal.form_fields import SharedModelChoiceField, SharedModelMultipleChoiceField

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


def test_narrowed_queryset_gets_its_own_entry(data):
    form = SharedForm()
    form.fields["behoerde"].queryset = Behoerde.objects.filter(art=Behoerde.Art.KOMMUNE).order_by("name")
    narrowed = str(form["behoerde"])
    full = str(SharedForm()["behoerde"])
    assert narrowed.count("<option") < full.count("<option")
    assert narrowed.count("<option") == Behoerde.objects.filter(art=Behoerde.Art.KOMMUNE).count() + 1


def test_a_login_keeps_the_shared_caches_a_name_change_renews_them(user_factory):
    from django.contrib.auth.models import update_last_login

    person = user_factory()
    before = content_cache.generation()
    update_last_login(None, person)
    person.save(update_fields=["password"])
    assert content_cache.generation() == before
    person.last_name = "Neuname"
    person.save(update_fields=["last_name"])
    assert content_cache.generation() != before
    assert User.objects.get(pk=person.pk).last_name == "Neuname"


class CountingCache:
    """Counts reads of the content generation key through the real cache."""

    def __init__(self, monkeypatch):
        self.reads = 0
        real_get = content_cache.cache.get

        def get(key, *args, **kwargs):
            if key == content_cache.GENERATION_KEY:
                self.reads += 1
            return real_get(key, *args, **kwargs)

        monkeypatch.setattr(content_cache.cache, "get", get)


def test_one_request_reads_the_content_generation_once(monkeypatch, data):
    counter = CountingCache(monkeypatch)
    with content_cache.generation_snapshot():
        first = content_cache.cached("a", lambda: "A")
        assert content_cache.cached("b", lambda: "B") == "B"
        assert content_cache.generation() == content_cache.generation()
    assert first == "A"
    assert counter.reads <= 1
    counter.reads = 0
    content_cache.generation()
    content_cache.generation()
    assert counter.reads == 2  # outside a request (tasks, commands): never remembered


def test_a_change_inside_the_request_moves_its_snapshot(data):
    with content_cache.generation_snapshot():
        before = content_cache.generation()
        assert content_cache.cached("k", lambda: "alt") == "alt"
        Fachgebiet.objects.create(slug="neu", name="Neu")  # bumps the generation
        after = content_cache.generation()
        assert after != before
        assert content_cache.cached("k", lambda: "neu") == "neu"
    assert content_cache.generation() == after
