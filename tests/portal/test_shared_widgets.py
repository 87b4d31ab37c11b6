"""Shared select widgets give exactly Django's HTML for every input, on one cache that is never cleared."""

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils import translation

from audit.forms import AuditFilterForm
from behoerden.models import Behoerde
from lagebilder.forms import ListFilterForm
from portal.form_fields import SharedModelChoiceField, SharedModelMultipleChoiceField
from portal.widgets import SharedCheckboxSelectMultiple, SharedSelect

pytestmark = pytest.mark.django_db


class SharedForm(forms.Form):
    behoerde = SharedModelChoiceField(queryset=Behoerde.objects.order_by("name"), required=False)
    behoerden = SharedModelMultipleChoiceField(
        queryset=Behoerde.objects.order_by("name"), widget=SharedCheckboxSelectMultiple, required=False
    )
    wahl = forms.ChoiceField(
        choices=[("a", "Alpha"), ("b", "<b>Beta</b>")], widget=SharedSelect, required=False
    )


class PlainForm(forms.Form):
    behoerde = forms.ModelChoiceField(queryset=Behoerde.objects.order_by("name"), required=False)
    behoerden = forms.ModelMultipleChoiceField(
        queryset=Behoerde.objects.order_by("name"), widget=forms.CheckboxSelectMultiple, required=False
    )
    wahl = forms.ChoiceField(choices=[("a", "Alpha"), ("b", "<b>Beta</b>")], required=False)


def _both(**kwargs) -> tuple[str, str]:
    return str(SharedForm(**kwargs)), str(PlainForm(**kwargs))


def test_every_input_of_the_widget_shows(world):
    marl, bottrop = world["andere"], world["eigene"]
    renders = [
        {},
        {"data": {"behoerde": str(marl.pk), "behoerden": [str(bottrop.pk)], "wahl": "b"}},
        {"data": {"behoerde": str(bottrop.pk), "behoerden": [str(marl.pk), str(bottrop.pk)], "wahl": "a"}},
        {"data": {"behoerde": "abc"}},
        {"initial": {"behoerde": marl, "behoerden": [bottrop]}},
        {"auto_id": "x_%s"},
        {"prefix": "zwei"},
    ]
    for kwargs in renders * 2:  # the second round comes from the cache
        shared, plain = _both(**kwargs)
        assert shared == plain, kwargs


def test_values_not_among_the_choices_are_rendered_but_not_remembered(world):
    widget = SharedSelect(choices=[("a", "Alpha")])
    renderer = get_default_renderer()
    assert widget.render_key("f", "a", {}, renderer) is not None
    assert widget.render_key("f", "", {}, renderer) is not None
    assert widget.render_key("f", "zzz-typed-into-the-url", {}, renderer) is None
    assert widget.render("f", "zzz") == forms.Select(choices=[("a", "Alpha")]).render("f", "zzz")


def test_changed_choices_and_disabled_fields_show_at_once(world):
    str(SharedForm())
    marl = world["andere"]
    marl.name = "Stadt Marl (neu)"
    marl.save()
    shared, plain = _both()
    assert shared == plain and "Stadt Marl (neu)" in shared
    form = SharedForm()
    form.fields["behoerde"].disabled = True
    plain_form = PlainForm()
    plain_form.fields["behoerde"].disabled = True
    assert str(form) == str(plain_form) and "disabled" in str(form["behoerde"])


def test_same_queryset_different_empty_labels(world):
    audit = str(AuditFilterForm(actor=world["gs"])["behoerde"])
    listing = str(ListFilterForm()["behoerde"])
    assert "alle Behörden" in audit and "alle Behörden" not in listing


def test_language_is_part_of_the_key(world):
    german = str(AuditFilterForm(actor=world["gs"])["aktion"])
    with translation.override("en"):
        english = str(AuditFilterForm(actor=world["gs"])["aktion"])
        plain = str(
            forms.Select(choices=AuditFilterForm.base_fields["aktion"].choices).render("aktion", None)
        )
    assert english.replace(' id="id_aktion"', "") == plain
    assert german.count("<option") == english.count("<option")


def test_a_subclass_is_not_shared(world):
    class Marked(SharedSelect):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Marked(choices=[("a", "A")])
    plain = forms.Select(choices=[("a", "A")])
    plain.option_template_name = "django/forms/widgets/input_option.html"
    assert widget.render("f", "a") == plain.render("f", "a")
