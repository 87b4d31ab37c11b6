"""`get_<field>_display()` answers exactly as Django's own implementation, in the active language."""

import pytest
from django.db import models
from django.utils import translation

from audit.models import Aktion, AuditEntry
from portal.choices import _get_FIELD_display

ORIGINAL = models.Model._get_FIELD_display


def test_every_generated_display_method_uses_the_cached_labels():
    method = AuditEntry.__dict__["get_aktion_display"]
    assert method.func is _get_FIELD_display


@pytest.mark.parametrize("value", [choice.value for choice in Aktion] + ["unbekannt", "", None])
def test_same_label_as_django(value):
    entry = AuditEntry(aktion=value)
    field = AuditEntry._meta.get_field("aktion")
    assert entry.get_aktion_display() == ORIGINAL(entry, field)


def test_label_follows_the_active_language():
    entry = AuditEntry(aktion=Aktion.choices[0][0])
    field = AuditEntry._meta.get_field("aktion")
    german = entry.get_aktion_display()
    with translation.override("en"):
        assert entry.get_aktion_display() == ORIGINAL(entry, field)
    assert entry.get_aktion_display() == german


def test_replaced_choices_are_picked_up():
    field = models.CharField(choices=[("a", "Alpha")])
    field.set_attributes_from_name("status")

    class Row:
        status = "b"

    row = Row()
    assert _get_FIELD_display(row, field) == "b"
    field.choices = [("a", "Alpha"), ("b", "Beta")]
    assert _get_FIELD_display(row, field) == "Beta"
