"""choice_label answers exactly as Django's get_<field>_display()."""

import pytest
from django.utils import translation

from audit.models import Aktion, AuditEntry
from behoerden.models import Behoerde, Kreis
from portal.labels import choice_label, translated_choices
from praevention.models import Massnahme, Phase, Programm, Status, Zielgruppe


@pytest.mark.parametrize("language", ["de", "en"])
def test_labels_are_djangos_display_values(language):
    with translation.override(language):
        for value in [*Behoerde.Art.values, "unbekannt"]:
            behoerde = Behoerde(art=value)
            assert behoerde.art_label == behoerde.get_art_display()
        for value in [*Kreis.Art.values, ""]:
            kreis = Kreis(art=value)
            assert kreis.art_label == kreis.get_art_display()
        for field, choices in (
            ("status", Status),
            ("programm", Programm),
            ("zielgruppe", Zielgruppe),
            ("phase", Phase),
        ):
            for value in [*choices.values, "alt"]:
                massnahme = Massnahme(**{field: value})
                assert getattr(massnahme, f"{field}_label") == getattr(massnahme, f"get_{field}_display")()
        for value in [*Aktion.values, "unbekannt"]:
            entry = AuditEntry(aktion=value)
            assert entry.aktion_label == entry.get_aktion_display()


def test_an_unknown_value_is_shown_as_it_is():
    assert choice_label(Aktion, "gibt-es-nicht") == "gibt-es-nicht"
    assert choice_label(Aktion, None) is None


@pytest.mark.parametrize("language", ["de", "en", "de"])
def test_translated_choices_follow_the_active_language(language):
    with translation.override(language):
        for choices in (Aktion, Phase, Programm, Status, Zielgruppe, Behoerde.Art):
            assert translated_choices(choices) == [(value, str(label)) for value, label in choices.choices]


def test_an_unhashable_value_is_shown_as_it_is():
    assert choice_label(Aktion, ["login"]) == ["login"]


def _choice_fields():
    """Every model field of the project's own apps with fixed choices (what templates show with
    `anzeige`)."""
    from pathlib import Path

    from django.apps import apps

    root = Path(__file__).resolve().parents[2]
    for app in apps.get_app_configs():
        path = Path(app.path)
        if root not in path.parents or ".venv" in path.parts:
            continue
        for model in app.get_models():
            for field in model._meta.concrete_fields:
                if field.choices and isinstance(field.choices, (list, tuple)):
                    yield model, field


@pytest.mark.django_db  # a Wagtail page looks up its content type when it is built
@pytest.mark.parametrize("language", ["de", "en"])
def test_field_label_and_the_anzeige_filter_answer_as_get_display(language):
    from django.template import Context, Template

    from portal.labels import field_label

    template = Template("{% load portal_labels %}{{ objekt|anzeige:name }}")
    checked = 0
    with translation.override(language):
        for model, field in _choice_fields():
            for value in [*(v for v, _label in field.flatchoices), "gibt-es-nicht"]:
                instance = model(**{field.attname: value})
                expected = getattr(instance, f"get_{field.name}_display")()
                assert field_label(instance, field.name) == expected, (model, field.name, value)
                rendered = template.render(Context({"objekt": instance, "name": field.name}))
                display = Template("{{ objekt.get_" + field.name + "_display }}")
                assert rendered == display.render(Context({"objekt": instance}))
                checked += 1
    assert checked > 50  # the project's status, kind and role fields, not an empty loop


def test_every_template_shows_choice_labels_through_the_filter():
    """`get_<field>_display` in a template translates every label of the field on each call; the pages
    use `|anzeige:"field"` instead (e-mail templates, rendered once per message, may keep it)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if "email" not in path.parts and "_display" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
