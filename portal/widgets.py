"""Select and option-list widgets whose rendered HTML is shared (portal.content_cache).

Django renders every `<option>` and checkbox through the template engine. A select of all authorities
or all regions then costs more CPU than the rest of the page, and is the same HTML for everybody who
has the same value selected. These widgets keep Django's rendering and remember its result under a
key that names every input of `render()`: the widget class and its templates and settings, the field
name, the selected values, the final attributes, every choice (value, label, whether the label is
already safe) — for options of `portal.form_fields` their shared key plus the empty label, which names
them all —, the renderer and the language; content_cache adds the content generation and expiry (kept
per process: `content_cache.cached(..., local=True)`).
A selected value that is not among the choices (typed into a URL) is rendered but not remembered, so
query strings cannot fill the cache.

Only these exact classes cache: a subclass may change the rendering in ways the key does not name, so
it renders as Django does.
"""

import hashlib

from django import forms
from django.forms.renderers import get_default_renderer
from django.utils.safestring import SafeData
from django.utils.translation import get_language

from . import content_cache


def _choice_parts(choices) -> list:
    parts = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            parts.append((str(value), _choice_parts(label)))
        else:
            parts.append((str(value), str(label), isinstance(label, SafeData)))
    return parts


def _values(choice_parts) -> set[str]:
    values = set()
    for part in choice_parts:
        if isinstance(part[1], list):
            values |= _values(part[1])
        else:
            values.add(part[0])
    return values


def _attr_parts(attrs) -> list:
    return sorted(
        (str(name), str(value), isinstance(value, SafeData)) for name, value in (attrs or {}).items()
    )


class SharedRenderMixin:
    """Render through Django once per distinct input, then from the shared cache."""

    def render_key(self, name, value, attrs, renderer) -> str | None:
        """Return the cache key naming every input of this widget's HTML, or None when a selected value
        is not among the choices (typed into a URL: such renders are not worth an entry each)."""
        widget_class = type(self)
        selected = [str(item) for item in self.format_value(value)]
        chosen = set(selected) - {""}
        identity = getattr(self.choices, "shared_identity", None)
        identity = identity() if identity is not None else None
        if identity is not None:
            # Options from portal.form_fields: their cache key names every option; read them only
            # to check a selected value.
            choices = identity
            if chosen and not chosen <= {str(value) for value, _label in self.choices.pairs()}:
                return None
        else:
            choices = _choice_parts(self.choices)
            if not chosen <= _values(choices):
                return None
        parts = (
            f"{widget_class.__module__}.{widget_class.__qualname__}",
            self.template_name,
            self.option_template_name,
            self.input_type,
            self.allow_multiple_selected,
            self.add_id_index,
            self.option_inherits_attrs,
            repr(sorted(self.checked_attribute.items())),
            self.is_required,
            self.is_localized,
            _attr_parts(self.attrs),
            str(name),
            selected,
            _attr_parts(attrs),
            choices,
            f"{type(renderer).__module__}.{type(renderer).__qualname__}",
            get_language() or "",
        )
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()
        return f"widget:{digest}"

    def render(self, name, value, attrs=None, renderer=None):
        renderer = renderer or get_default_renderer()
        key = self.render_key(name, value, attrs, renderer) if type(self) in SHARED_RENDER_WIDGETS else None
        if key is None:
            return super().render(name, value, attrs, renderer)
        # Kept per process (content_cache.LOCAL_CACHE): read on every page with a filter or form, built
        # once per process and generation; a shared-cache round trip per widget cost more than that.
        return content_cache.cached(
            key, lambda: super(SharedRenderMixin, self).render(name, value, attrs, renderer), local=True
        )


class SharedSelect(SharedRenderMixin, forms.Select):
    """Django's Select, rendered from the shared cache (see the module docstring)."""


class SharedSelectMultiple(SharedRenderMixin, forms.SelectMultiple):
    """Django's SelectMultiple, rendered from the shared cache (see the module docstring)."""


class SharedCheckboxSelectMultiple(SharedRenderMixin, forms.CheckboxSelectMultiple):
    """Django's CheckboxSelectMultiple, rendered from the shared cache (see the module docstring)."""


SHARED_RENDER_WIDGETS = frozenset({SharedSelect, SharedSelectMultiple, SharedCheckboxSelectMultiple})
