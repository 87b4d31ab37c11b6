"""The rendered HTML of unbound forms, shared by everybody who would see the same form.

Django renders a form through one template per field group, label and widget. For the large entry
forms (a new Lagebild, a new board thread, an Anfrage, the password change) that costs more CPU than
the rest of the page, and an *unbound* form gives the same HTML to everybody whose form has the same
structure. `render_shared` keeps Django's rendering and remembers its result in the content cache
(`portal.content_cache`, kept per process: content generation and release id in every key) under a key
that names everything that shapes the HTML:

- the form class, prefix, `auto_id`, label suffix, renderer and the template used;
- per field, in order: name, field and widget class, widget template and input type, the widget's
  attributes (also of sub-widgets), required/disabled/hidden-initial, label and help text, the initial
  value, and the options — for `portal.form_fields` their shared key, for plain choices every pair;
- the language.

A bound form (submitted, with errors) is never cached, nor a form with a model choice field whose
options are not shared (they may depend on who asks): those render exactly as Django renders them.
"""

import hashlib

from django.forms.models import ModelChoiceIterator
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import content_cache


def _class_name(obj) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _widget_parts(widget) -> tuple:
    return (
        _class_name(widget),
        getattr(widget, "template_name", ""),
        getattr(widget, "option_template_name", ""),
        getattr(widget, "input_type", ""),
        repr(sorted((str(k), repr(v)) for k, v in widget.attrs.items())),
        tuple(_widget_parts(sub) for sub in getattr(widget, "widgets", ())),
    )


def _choice_parts(widget):
    """The options a widget renders, as part of a key; False when they cannot be named (not shared)."""
    choices = getattr(widget, "choices", None)
    if choices is None:
        return None
    identity = getattr(choices, "shared_identity", None)
    if identity is not None:
        return identity() or False
    if isinstance(choices, ModelChoiceIterator):
        return False
    return repr([(value, str(label)) for value, label in choices])


def form_key(form, template_name: str | None) -> str | None:
    """Return the shared-cache key of this form's HTML, or None when it must be rendered each time."""
    if form.is_bound:
        return None
    fields = []
    for bound_field in form:
        field = bound_field.field
        choices = _choice_parts(field.widget)
        if choices is False:
            return None
        fields.append(
            (
                bound_field.html_name,
                _class_name(field),
                _widget_parts(field.widget),
                field.required,
                field.disabled,
                field.show_hidden_initial,
                field.localize,
                str(field.label),
                str(field.help_text),
                repr(bound_field.initial),
                choices,
            )
        )
    parts = (
        _class_name(form),
        form.prefix,
        repr(form.auto_id),
        str(form.label_suffix),
        form.use_required_attribute,
        _class_name(form.renderer),
        template_name or form.template_name_div,
        fields,
        get_language() or "",
    )
    return "form:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def render_shared(form, template_name: str | None = None) -> str:
    """Render `form` (`as_div()`, or `template_name` with the context {"form": form}) once per distinct
    key for everybody; a bound form or one with unshared options renders every time."""

    def render() -> str:
        if template_name:
            return str(render_to_string(template_name, {"form": form}))
        return str(form.as_div())

    key = form_key(form, template_name)
    # Per process (content_cache.LOCAL_CACHE): one page, one form; no shared-cache round trip for it.
    html = render() if key is None else content_cache.cached(key, render, local=True)
    return mark_safe(html)  # noqa: S308 - Django's own form rendering (escaped there)
