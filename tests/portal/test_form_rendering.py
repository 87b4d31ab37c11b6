"""Forms render through Django's TemplatesSetting renderer; the project's widget templates for selects and
option lists give the same HTML as Django's own (up to whitespace between tags)."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting, get_default_renderer
from django.utils.safestring import mark_safe

from lagebilder.forms import LagebildForm, ListFilterForm

pytestmark = pytest.mark.django_db

GROUPED = [
    ("", "— bitte wählen —"),
    ("Regierungsbezirke", [("rb:1", "Düsseldorf"), ("rb:2", "Münster & <Arnsberg>")]),
    ("Gemeinden", [(3, "Essen"), (4, mark_safe("<b>Bochum</b>")), (1000, 2024)]),
]


class CustomOption(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


class OptionsForm(forms.Form):
    select = forms.ChoiceField(choices=GROUPED, required=False)
    multi = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "Bé"), ("c", "<c>")], required=False)
    radio = forms.ChoiceField(choices=[("x", "X & Y"), ("z", "Z")], widget=forms.RadioSelect)
    radio_grouped = forms.ChoiceField(choices=GROUPED[1:], widget=forms.RadioSelect(attrs={"class": "k"}))
    checkboxes = forms.MultipleChoiceField(choices=GROUPED[1:], widget=forms.CheckboxSelectMultiple)
    disabled = forms.ChoiceField(choices=[("x", "X")], widget=forms.RadioSelect(attrs={"disabled": True}))
    no_id = forms.ChoiceField(
        choices=[("x", "X")], widget=forms.RadioSelect(attrs={"id": ""}), required=False
    )
    custom = forms.ChoiceField(choices=[("q", "Q")], widget=CustomOption, required=False)


BOUND = {
    "select": "4",
    "multi": ["a", "c"],
    "radio": "z",
    "radio_grouped": "rb:2",
    "checkboxes": ["3", "1000"],
}


def _same(html: str) -> str:
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html)).strip()


def test_the_portal_renders_forms_through_its_template_engine():
    assert type(get_default_renderer()) is TemplatesSetting
    select = get_default_renderer().get_template("django/forms/widgets/select.html")
    assert select.origin.name.endswith("templates/django/forms/widgets/select.html")
    assert "site-packages" not in select.origin.name


@pytest.mark.parametrize("data", [None, BOUND])
def test_option_widgets_render_like_djangos_templates(data):
    ours = str(OptionsForm(data, renderer=TemplatesSetting()))
    django = str(OptionsForm(data, renderer=DjangoTemplates()))
    assert _same(ours) == _same(django)
    assert "<option" in ours and 'type="checkbox"' in ours


def test_portal_forms_render_like_djangos_templates(world):
    for form in (ListFilterForm(), LagebildForm(user=world["mitglied"], with_file=True)):
        ours = str(form)
        form.renderer = DjangoTemplates()
        assert _same(ours) == _same(str(form))
