"""Unbound entry forms are rendered once and shared (`portal.form_html`): whatever was rendered before,
each form gives exactly the HTML Django renders for it, and nothing person-specific is shared."""

import itertools

import pytest
from allauth.account.forms import ChangePasswordForm
from django import forms
from django.template.loader import render_to_string
from django.test.signals import template_rendered

from accounts.forms import EinladungForm, ProfilForm
from anfragen.forms import AnfrageForm
from austausch.forms import ThemaForm
from behoerden.models import Behoerde
from lagebilder.forms import LagebildForm
from portal.form_html import form_key, render_shared

pytestmark = pytest.mark.django_db


def _django(form, template_name=None) -> str:
    """What the page showed before: Django's rendering, no shared cache."""
    if template_name:
        return render_to_string(template_name, {"form": form})
    return str(form.as_div())


def _cases(world):
    """The entry forms that use {% shared_form %}, in the variants people get."""
    return {
        "lagebild-gs": (lambda: LagebildForm(user=world["gs"], with_file=True), "lagebilder/_fields.html"),
        "lagebild-mitglied": (
            lambda: LagebildForm(user=world["mitglied"], with_file=True),
            "lagebilder/_fields.html",
        ),
        "lagebild-bearbeiten": (
            lambda: LagebildForm(user=world["mitglied"], with_file=False, initial={"titel": "Alt"}),
            "lagebilder/_fields.html",
        ),
        "thema-shisha": (lambda: ThemaForm(initial={"fachgebiete": [world["shisha"].pk]}), None),
        "thema-rotlicht": (lambda: ThemaForm(initial={"fachgebiete": [world["rotlicht"].pk]}), None),
        "thema": (lambda: ThemaForm(initial={"fachgebiete": []}), None),
        "anfrage": (lambda: AnfrageForm(), None),
        "passwort": (lambda: ChangePasswordForm(user=world["mitglied"]), None),
        "profil-mitglied": (lambda: ProfilForm(instance=world["mitglied"]), None),
        "profil-gs": (lambda: ProfilForm(instance=world["gs"]), None),
        "einladung-gs": (lambda: EinladungForm(actor=world["gs"]), None),
        "einladung-mitglied": (lambda: EinladungForm(actor=world["mitglied"]), None),
    }


def test_every_variant_in_every_order_renders_like_django(world):
    cases = _cases(world)
    expected = {name: _django(make(), template) for name, (make, template) in cases.items()}
    assert len(set(expected.values())) == len(expected)  # the variants really differ
    for order in (list(cases), list(reversed(cases)), list(itertools.chain(cases, cases))):
        for name in order:
            make, template = cases[name]
            assert render_shared(make(), template) == expected[name], name


def test_a_warm_form_renders_no_template(world):
    make, template = _cases(world)["thema-shisha"]
    render_shared(make(), template)
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        render_shared(make(), template)
    finally:
        template_rendered.disconnect(record)
    assert rendered == []


def test_a_change_of_the_options_reaches_the_shared_form(world):
    make, _template = _cases(world)["thema"]
    assert "Kinderhandel" not in render_shared(make())
    world["shisha"].__class__.objects.create(slug="kinderhandel", name="Kinderhandel")
    assert "Kinderhandel" in render_shared(make())


def test_submitted_forms_are_never_shared(world):
    form = ThemaForm({"titel": "", "art": "frage", "text": ""})
    assert form_key(form, None) is None
    html = render_shared(form)
    assert "errorlist" in html
    assert html == _django(form)


class PersonalForm(forms.Form):
    """Options from a queryset that may depend on who asks: never shared."""

    behoerde = forms.ModelChoiceField(queryset=Behoerde.objects.order_by("name"))


def test_unshared_options_make_a_form_render_each_time(world):
    assert form_key(PersonalForm(), None) is None
    assert render_shared(PersonalForm()) == _django(PersonalForm())
