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
