"""Forms render through Django's TemplatesSetting renderer; the project's form templates (selects and option
lists, inputs, labels and field groups written out in place) give the same HTML as Django's own (up to
whitespace between tags)."""

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


class InputsForm(forms.Form):
    """Every input widget whose template the portal writes out in place (no attrs include)."""

    text = forms.CharField(max_length=10, help_text="Hilfe <b>fett</b>")
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    number = forms.IntegerField(min_value=1, required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    datetime = forms.DateTimeField(widget=forms.DateTimeInput, required=False)
    time = forms.TimeField(widget=forms.TimeInput, required=False)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}), required=False)
    checkbox = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"disabled": False}))
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    file = forms.FileField(required=False)
    textarea = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "required": True}), label="Text & mehr"
    )
    split = forms.SplitDateTimeField(required=False)
    fieldset = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)


INPUTS_BOUND = {
    "text": "zu lang für zehn",
    "email": "kein@",
    "number": "0",
    "checkbox": "on",
    "hidden": "<x>",
}


@pytest.mark.parametrize("data", [None, INPUTS_BOUND])
def test_input_widgets_labels_and_errors_render_like_djangos_templates(data):
    ours = str(InputsForm(data, renderer=TemplatesSetting()))
    django = str(InputsForm(data, renderer=DjangoTemplates()))
    assert _same(ours) == _same(django)
    if data:
        assert 'class="errorlist"' in ours


def test_a_text_field_renders_with_three_templates():
    """Field group, label and input, written out in place: no attrs includes, no empty error lists."""
    from django.test.signals import template_rendered

    names = []

    def record(sender, template, **kwargs):
        names.append(template.name)

    class One(forms.Form):
        name = forms.CharField()

    template_rendered.connect(record)
    try:
        One(renderer=TemplatesSetting())["name"].as_field_group()
    finally:
        template_rendered.disconnect(record)
    assert names == ["django/forms/field.html", "django/forms/label.html", "django/forms/widgets/text.html"]
