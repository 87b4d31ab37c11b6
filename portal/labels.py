"""Choice labels for lists and filters: translated once per process and language, not per row or request.

A TextChoices class's labels are fixed when the class is defined, and the translation catalogues are
fixed for the life of a process (a new release is a new process), so the label text depends only on the
class, the value and the active language. `translated_labels` keeps that mapping per process
(`functools.lru_cache`, keyed by the class and `get_language()`); a list of 50 rows, or a filter whose
shared HTML is keyed by every option's text, then reads a dictionary instead of running Django's
translation machinery once per label.
"""

import functools

from django.utils.translation import get_language


@functools.lru_cache(maxsize=128)
def _labels_for(choices, language) -> dict:
    # Called with the active language being `language` (see translated_labels), so str() translates into it.
    return {member.value: str(member.label) for member in choices}


def translated_labels(choices) -> dict:
    """Return {value: label} of a TextChoices class in the active language (a shared dict: do not change)."""
    return _labels_for(choices, get_language())


def translated_choices(choices) -> list[tuple]:
    """Return the (value, label) pairs of a TextChoices class in the active language, in its order, as
    plain strings — for a form field's `choices`, so that rendering and shared-HTML keys translate nothing."""
    return list(translated_labels(choices).items())


def choice_label(choices, value):
    """Return the label of `value` in a TextChoices class in the active language, else the value itself.

    Same answer as `get_<field>_display()`, which builds and hashes (and so translates) every label of
    the field on each call; a list of 40 rows with a few such columns spent most of its time there.
    """
    try:
        return translated_labels(choices).get(value, value)
    except TypeError:  # an unhashable value is no choice
        return value


@functools.lru_cache(maxsize=256)
def _field_labels(model, field_name, language) -> dict:
    # Called with the active language being `language` (see field_label), so str() translates into it.
    field = model._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}


def field_label(instance, field_name: str):
    """Return what `instance.get_<field_name>_display()` returns, from a dict kept per model, field and
    language (see `_field_labels`) instead of building and translating the field's labels on every call.

    Fixed choices only (a list, as Django keeps the choices of a model field written with a TextChoices
    class or a list); a field whose choices are computed (a callable) gets Django's own answer."""
    field = instance._meta.get_field(field_name)
    if not isinstance(field.choices, (list, tuple)):
        return getattr(instance, f"get_{field_name}_display")()
    value = getattr(instance, field.attname)
    try:
        labels = _field_labels(instance._meta.model, field_name, get_language())
        return labels.get(value, value)
    except TypeError:  # an unhashable value is no choice
        return value
