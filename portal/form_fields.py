"""Model choice fields whose options come from the shared cache (portal.content_cache).

A filter form with all authorities built ~100 model instances and ran a query on every page view, for
a list that is the same for everybody. These fields take the (value, label) pairs from the shared
cache instead; the cache renews itself whenever a watched model changes (the reference models are
watched in PortalConfig.ready). Validation still asks the database, so a value that is not (or no
longer) allowed is refused as before.

Only for querysets that do not depend on who asks: the key is the queryset's SQL, so a form that
narrows the queryset gets its own entry — never narrow it by a person's permissions here.
"""

import hashlib

from django.forms.models import (
    ModelChoiceField,
    ModelChoiceIterator,
    ModelChoiceIteratorValue,
    ModelMultipleChoiceField,
)

from . import content_cache


class SharedChoiceIterator(ModelChoiceIterator):
    """Choices from the shared cache: (value, label) pairs, no model instances per request."""

    def _pairs(self) -> list[tuple]:
        queryset = self.queryset
        # The SQL identifies the queryset exactly: a form that narrows it gets its own entry.
        digest = hashlib.sha1(str(queryset.query).encode(), usedforsecurity=False).hexdigest()

        def build():
            return [(self.field.prepare_value(obj), self.field.label_from_instance(obj)) for obj in queryset]

        return content_cache.cached(f"choices:{queryset.model._meta.label_lower}:{digest}", build)

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for value, label in self._pairs():
            yield (ModelChoiceIteratorValue(value, None), label)

    def __len__(self):
        return len(self._pairs()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self._pairs())


class SharedModelChoiceField(ModelChoiceField):
    """ModelChoiceField with shared cached options (see the module docstring)."""

    iterator = SharedChoiceIterator


class SharedModelMultipleChoiceField(ModelMultipleChoiceField):
    """ModelMultipleChoiceField with shared cached options (see the module docstring)."""

    iterator = SharedChoiceIterator
