"""The Python fast path of the form renderer gives exactly the HTML of Django's own widget templates."""

import importlib
import inspect

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal.form_renderer import PortalFormRenderer

GROUPED = [
    ("", "— bitte wählen —"),
    ("Regierungsbezirke", [("rb:1", "Düsseldorf"), ("rb:2", "Münster & <Arnsberg>")]),
    ("Gemeinden", [(3, "Essen"), (4, mark_safe("<b>Bochum</b>")), (1000, 2024)]),
]


class EveryWidgetForm(forms.Form):
    text = forms.CharField(label=_("Titel „<x>“"), max_length=20, help_text="Hilfe & mehr")
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    number = forms.IntegerField(min_value=0, initial=12345)
    decimal = forms.DecimalField(required=False, localize=True)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput, initial='"quoted"')
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search", "data-x": None}))
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    when = forms.DateTimeField(required=False)
    checkbox = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"disabled": True}))
    select = forms.ChoiceField(choices=GROUPED, required=False)
    multi = forms.MultipleChoiceField(choices=[("a", "A"), ("b", _("Bé")), ("c", "<c>")], required=False)
    radio = forms.ChoiceField(choices=[("x", "X & Y"), ("z", "Z")], widget=forms.RadioSelect)
    radio_grouped = forms.ChoiceField(choices=GROUPED[1:], widget=forms.RadioSelect(attrs={"class": "k"}))
    checkboxes = forms.MultipleChoiceField(choices=GROUPED[1:], widget=forms.CheckboxSelectMultiple)
    textarea = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "required": False}), required=False)
    file = forms.FileField(required=False)
    no_id = forms.CharField(required=False, widget=forms.TextInput(attrs={"id": ""}))


BOUND_DATA = {
    "text": '<script>alert("x")</script>',
    "email": "a@b",
    "number": "-1",
    "decimal": "1.234,5",
    "password": "geheim&",
    "hidden": "x",
    "search": "Glücksspiel",
    "date": "2026-02-30",
    "when": "gestern",
    "checkbox": "on",
    "select": "4",
    "multi": ["a", "c"],
    "radio": "z",
    "radio_grouped": "rb:2",
    "checkboxes": ["3", "1000"],
    "textarea": "Zeile 1\n<Zeile 2>",
}


def _render_all(form) -> list[str]:
    parts = [str(form), form.as_p(), form.as_table(), form.as_ul()]
    for field in form:
        parts += [str(field), field.label_tag(), field.legend_tag(), field.as_field_group()]
    return parts


def _pair(form_class, **kwargs):
    fast = form_class(renderer=PortalFormRenderer(), **kwargs)
    slow = form_class(renderer=DjangoTemplates(), **kwargs)
    return fast, slow


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"data": BOUND_DATA},
        {"data": {}},
        {"auto_id": False},
        {"prefix": "p", "initial": {"select": "rb:1"}},
    ],
    ids=["unbound", "bound-invalid", "bound-empty", "no-ids", "prefix-initial"],
)
def test_fast_renderer_output_equals_django_templates(kwargs):
    fast, slow = _pair(EveryWidgetForm, **kwargs)
    fast_html, slow_html = _render_all(fast), _render_all(slow)
    assert len(fast_html) == len(slow_html) > 50
    for mine, django_s in zip(fast_html, slow_html, strict=True):
        assert mine == django_s


class ErrorsForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label="", help_text=mark_safe("<em>Pflicht</em>"))
    wahl = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect, help_text="Eine auswählen")

    def clean(self):
        raise forms.ValidationError("Die Angaben passen nicht <zusammen>.")


class HiddenOnlyForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    weiter = forms.CharField(widget=forms.HiddenInput, required=False)


@pytest.mark.parametrize("form_class", [ErrorsForm, HiddenOnlyForm])
@pytest.mark.parametrize("data", [None, {}, {"name": "x", "wahl": "b"}])
def test_errors_hidden_fields_and_fieldsets_render_like_django(form_class, data):
    fast, slow = _pair(form_class, data=data)
    assert _render_all(fast) == _render_all(slow)
    if data is not None:
        assert str(fast.non_field_errors()) == str(slow.non_field_errors())


def test_fast_renderer_is_the_portal_default():
    assert settings.FORM_RENDERER == "portal.form_renderer.PortalFormRenderer"
    form = EveryWidgetForm()
    assert isinstance(form.renderer, PortalFormRenderer)


def test_custom_option_template_falls_back_to_templates():
    class CustomOption(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    class Form(forms.Form):
        choice = forms.ChoiceField(choices=[("a", "A")], widget=CustomOption)

    fast, slow = _pair(Form)
    html = str(fast["choice"])
    assert html == str(slow["choice"])
    assert '<input type="select" name="choice" value="a"' in html  # the custom template was used


def _portal_form_classes():
    apps = [
        "accounts",
        "behoerden",
        "lagebilder",
        "austausch",
        "arbeitskreise",
        "erhebungen",
        "newsletter",
        "praevention",
        "veranstaltungen",
        "audit",
        "dateien",
    ]
    for app in apps:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


@pytest.mark.django_db
def test_every_portal_form_renders_identically(reference_data, user_factory):
    """Each of the portal's own forms that can be built without arguments, both ways."""
    rendered = 0
    user = user_factory(role="geschaeftsstelle")
    for cls in _portal_form_classes():
        for kwargs in ({}, {"user": user}):
            try:
                fast, slow = _pair(cls, **kwargs)
            except TypeError:
                continue
            assert _render_all(fast) == _render_all(slow), cls
            rendered += 1
            break
    assert rendered >= 10


def test_select_with_many_options_is_fast_path():
    choices = [(i, f"Behörde {i}") for i in range(300)]

    class Form(forms.Form):
        behoerde = forms.ChoiceField(choices=choices, initial=7)

    fast, slow = _pair(Form)
    html = str(fast["behoerde"])
    assert html == str(slow["behoerde"])
    assert html.count("<option") == 300
    assert '<option value="7" selected>Behörde 7</option>' in html
