"""Model choice fields whose options come from the shared cache (portal.content_cache).

A filter form with all authorities built ~100 model instances and ran a query on every page view, for
a list that is the same for everybody. These fields take the (value, label) pairs from the content
cache instead (kept per process, `content_cache.cached(..., local=True)`: no shared-cache round trip per
field); the cache renews itself whenever a watched model changes (the reference models are watched in
PortalConfig.ready). Validation still asks the database, so a value that is not (or no
longer) allowed is refused as before.

The key names everything that shapes a value or a label (`choices_key`): the field class, the field the
values come from (`to_field_name`), the label function, the queryset's SQL with its parameters and
database, and the language. Two forms over the same queryset — one submitting ids, one slugs — thus
never share options. The empty label is the field's own and never cached.

Only for querysets that do not depend on who asks: never narrow the queryset by a person's
permissions here. A label function that is a closure or not a plain function cannot be named in a key;
such a field is not shared and behaves exactly like Django's field.
"""

import hashlib

from django.core.exceptions import EmptyResultSet, ValidationError
from django.forms.models import (
    ModelChoiceField,
    ModelChoiceIterator,
    ModelChoiceIteratorValue,
    ModelMultipleChoiceField,
)
from django.utils.translation import get_language

from . import content_cache
from .ids import out_of_range
from .widgets import SharedSelect, SharedSelectMultiple


def label_function_name(function) -> str | None:
    """Name a label function stably across processes, or None if its result may depend on more than
    the object (a closure, a callable object)."""
    function = getattr(function, "__func__", function)
    code = getattr(function, "__code__", None)
    if code is None or function.__closure__:
        return None
    return f"{function.__module__}.{function.__qualname__}:{code.co_firstlineno}"


def choices_key(field) -> str | None:
    """Return the shared-cache key of a field's options, or None if they must not be shared."""
    label = label_function_name(field.label_from_instance)
    if label is None:
        return None
    queryset = field.queryset
    sql, params = queryset.query.sql_with_params()
    field_class = type(field)
    parts = (
        f"{field_class.__module__}.{field_class.__qualname__}",
        field.to_field_name or "pk",
        label,
        queryset.db,
        sql,
        repr(params),
        get_language() or "",
    )
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"choices:{queryset.model._meta.label_lower}:{digest}"


class SharedChoiceIterator(ModelChoiceIterator):
    """Choices from the shared cache: (value, label) pairs, no model instances per request."""

    def shared_key(self) -> str | None:
        """The options' cache key (`choices_key`), computed once per iterator and language; "" for no
        options (an empty queryset), None when the options are not shared."""
        language = get_language() or ""
        memo = getattr(self, "computed_key", None)
        if memo is None or memo[0] != language:
            try:
                key = choices_key(self.field)
            except EmptyResultSet:  # queryset.none(): no options, nothing to cache
                key = ""
            memo = self.computed_key = (language, key)
        return memo[1]

    def shared_identity(self) -> str | None:
        """A string naming every option this iterator yields, the empty label included, or None when
        the options are not shared. Shared widgets key their HTML by it instead of by every option."""
        key = self.shared_key()
        if not key:
            return None
        return f"{key}|{self.field.empty_label}"

    def pairs(self) -> list[tuple]:
        """Return the (value, label) pairs of the field's queryset, without the empty label."""
        field = self.field
        queryset = self.queryset

        def build():
            return [(field.prepare_value(obj), field.label_from_instance(obj)) for obj in queryset]

        key = self.shared_key()
        if key == "":
            return []
        if key is None:
            return build()
        return content_cache.cached(key, build, local=True)  # per process: no round trip per field

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for value, label in self.pairs():
            yield (ModelChoiceIteratorValue(value, None), label)

    def __len__(self):
        return len(self.pairs()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.pairs())


def id_out_of_range(field, value) -> bool:
    """True when `value` is meant as a primary key (no `to_field_name`) but is a number no key can have (a
    longer number must be refused before the lookup: SQLite raises OverflowError for it, which Django's
    choice fields do not turn into a form error). Anything that is not a number is left to Django's field,
    which refuses it as an invalid choice."""
    if field.to_field_name or value in field.empty_values:
        return False
    return out_of_range(value)


class SharedModelChoiceField(ModelChoiceField):
    """ModelChoiceField with shared cached options (see the module docstring)."""

    widget = SharedSelect
    iterator = SharedChoiceIterator

    def to_python(self, value):
        if id_out_of_range(self, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SharedModelMultipleChoiceField(ModelMultipleChoiceField):
    """ModelMultipleChoiceField with shared cached options (see the module docstring)."""

    widget = SharedSelectMultiple
    iterator = SharedChoiceIterator

    def clean(self, value):
        for item in value if isinstance(value, (list, tuple)) else []:
            if id_out_of_range(self, item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super().clean(value)


def https_by_default(db_field, **kwargs):
    """A ModelForm's `Meta.formfield_callback`: the form fields Django would build, except that a web
    address typed without a scheme ("idp.polizei.nrw/metadata") reads as https:// (Django 6's default;
    Django 5.2 still assumes http:// and warns about the change)."""
    from django.db import models

    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)
