"""`get_<field>_display()` without re-translating every choice label on every call.

Django's `Model._get_FIELD_display` builds `dict(make_hashable(field.flatchoices))` on each call, which
hashes — and therefore translates — every lazy label of the field. In a list of 100 audit entries
(`Aktion` has dozens of choices) that was more than half of the page's CPU time. This version keeps the
value → label mapping per field (labels stay lazy, so each call still answers in the active language)
and rebuilds it when the field's choices object is replaced. The result is identical
(tests/portal/test_choices.py).
"""

from functools import partialmethod

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_CACHE_ATTR = "_portal_choice_labels"


def _labels(field) -> dict:
    cached = getattr(field, _CACHE_ATTR, None)
    if cached is None or cached[0] is not field.choices:
        # Same precedence as dict(pairs): a later duplicate value wins.
        mapping = {make_hashable(value): label for value, label in field.flatchoices}
        cached = (field.choices, mapping)
        setattr(field, _CACHE_ATTR, cached)
    return cached[1]


def _get_FIELD_display(self, field):  # noqa: N802 - Django's name
    value = getattr(self, field.attname)
    return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


def install() -> None:
    """Use it for every model's `get_<field>_display` (called from PortalConfig.ready).

    Django binds `get_<field>_display` as a partialmethod of `Model._get_FIELD_display` when the model
    class is created, so the methods Django created are replaced one by one; methods that a model
    defines itself are left alone.
    """
    original = models.Model._get_FIELD_display
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            name = f"get_{getattr(field, 'name', '')}_display"
            method = model.__dict__.get(name)
            if isinstance(method, partialmethod) and method.func is original:
                setattr(model, name, partialmethod(_get_FIELD_display, field=field))
