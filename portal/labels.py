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
