"""Cache data that is the same for every person (reference lists, choice lists), renewed on change.

Each watched model has a version token in the shared cache (Redis in production, so that every web
instance and worker agrees); saving or deleting one of its rows replaces the token, at once and again when the transaction commits. A cached value
remembers the tokens it was built with and is rebuilt when one of them has changed. One cache round
trip per read.

Only for values that do not depend on who asks: never cache anything filtered by a person's
permissions here.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.forms.models import (
    ModelChoiceField,
    ModelChoiceIterator,
    ModelChoiceIteratorValue,
    ModelMultipleChoiceField,
)

KEY_PREFIX = "shared:"
TIMEOUT = 6 * 3600
_watched: set[type] = set()


def _version_key(model: type) -> str:
    return f"{KEY_PREFIX}version:{model._meta.label_lower}"


def _bump(sender, **kwargs) -> None:
    key = _version_key(sender)
    cache.set(key, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, None))


def watch(*models: type) -> None:
    """Renew the version of these models whenever one of their rows is saved or deleted."""
    for model in models:
        if model in _watched:
            continue
        _watched.add(model)
        uid = f"shared_cache:{model._meta.label_lower}"
        post_save.connect(_bump, sender=model, dispatch_uid=f"{uid}:save", weak=False)
        post_delete.connect(_bump, sender=model, dispatch_uid=f"{uid}:delete", weak=False)


def get_or_build(key: str, build: Callable, *, models: Iterable[type], timeout: int = TIMEOUT):
    """Return the cached value of `key`, rebuilt when one of `models` changed since it was built."""
    models = list(models)
    watch(*models)
    version_keys = [_version_key(model) for model in models]
    data_key = KEY_PREFIX + key
    found = cache.get_many([data_key, *version_keys])
    missing = {vkey: uuid.uuid4().hex for vkey in version_keys if vkey not in found}
    if missing:
        cache.set_many(missing, None)
        found.update(missing)
    versions = tuple(found[vkey] for vkey in version_keys)
    entry = found.get(data_key)
    if entry is not None and entry[0] == versions:
        return entry[1]
    value = build()
    cache.set(data_key, (versions, value), timeout)
    return value


def shared_cached(key: str, *, models: Iterable[type]) -> Callable:
    """Decorate a function without arguments whose result is the same for everybody."""
    models = tuple(models)
    watch(*models)

    def decorator(build: Callable) -> Callable:
        @wraps(build)
        def cached():
            return get_or_build(key, build, models=models)

        return cached

    return decorator


class SharedChoiceIterator(ModelChoiceIterator):
    """Choices from the shared cache: (value, label) pairs, no model instances per request."""

    def _pairs(self) -> list[tuple]:
        queryset = self.queryset
        # The SQL identifies the queryset exactly: a form that narrows it gets its own entry.
        digest = hashlib.sha1(str(queryset.query).encode(), usedforsecurity=False).hexdigest()
        key = f"choices:{queryset.model._meta.label_lower}:{digest}"

        def build():
            return [(self.field.prepare_value(obj), self.field.label_from_instance(obj)) for obj in queryset]

        return get_or_build(key, build, models=(queryset.model, *self.field.depends_on))

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for value, label in self._pairs():
            yield (ModelChoiceIteratorValue(value, None), label)

    def __len__(self):
        return len(self._pairs()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self._pairs())


class _SharedChoicesMixin:
    iterator = SharedChoiceIterator

    def __init__(self, *args, depends_on: Iterable[type] = (), **kwargs):
        # Models (besides the queryset's) whose changes alter the labels.
        self.depends_on = tuple(depends_on)
        super().__init__(*args, **kwargs)
        watch(self.queryset.model, *self.depends_on)


class SharedModelChoiceField(_SharedChoicesMixin, ModelChoiceField):
    """ModelChoiceField whose options come from the shared cache; validation still asks the database.

    Only for querysets that are the same for every person (e.g. all active authorities).
    """


class SharedModelMultipleChoiceField(_SharedChoicesMixin, ModelMultipleChoiceField):
    """ModelMultipleChoiceField whose options come from the shared cache (same rules as above)."""
