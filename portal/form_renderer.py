"""Form renderer that builds the most common form templates in Python.

Django renders every form widget, every `<option>` of a select and every radio button through a
template include. A filter form with a list of all authorities then costs more CPU than the rest of the
page. `PortalFormRenderer` produces byte-for-byte the same HTML as Django's own templates for the
plain widget templates (input family, select, radio/checkbox lists, textarea), labels, error lists,
field groups and `{{ form }}` (div.html), and falls back to the templates for everything else —
including any widget whose option template was customised and any form with its own template.
`tests/portal/test_form_renderer.py` compares both renderers on every widget type.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"
# Widget templates that are nothing but `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    WIDGETS + name
    for name in (
        "input.html",
        "text.html",
        "email.html",
        "number.html",
        "password.html",
        "hidden.html",
        "search.html",
        "tel.html",
        "url.html",
        "date.html",
        "datetime.html",
        "time.html",
        "color.html",
        "file.html",
        "checkbox.html",
    )
)
MULTIPLE_INPUT_TEMPLATES = frozenset({WIDGETS + "radio.html", WIDGETS + "checkbox_select.html"})
OPTION_INPUT_TEMPLATES = frozenset({WIDGETS + "radio_option.html", WIDGETS + "checkbox_option.html"})
SELECT_OPTION_TEMPLATE = WIDGETS + "select_option.html"

# `{{ value }}` in a template: localised, time-zone converted, escaped unless safe.
_CONTEXT = Context(autoescape=True)


def _out(value) -> str:
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: str() first (no localisation), escaped unless it was safe."""
    return conditional_escape(value) if hasattr(value, "__html__") else conditional_escape(str(value))


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_out(name)}" if value is True else f' {_out(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _input_option(option: dict) -> str:
    """input_option.html (+ the newline of radio_option.html / checkbox_option.html around it)."""
    # input.html ends with a newline, and so do both option templates.
    if not option["wrap_label"]:
        return f"{_input(option)}\n\n\n"
    label_for = f' for="{_out(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
    return f"<label{label_for}>{_input(option)}\n {_out(option['label'])}</label>\n\n"


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in options:
            if option["template_name"] != SELECT_OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_out(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _multiple_input(widget: dict) -> str | None:
    widget_id = widget["attrs"].get("id")
    css_class = widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{_out(widget_id)}"' if widget_id else "",
        f' class="{_out(css_class)}"' if css_class else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_out(group)}</label>")
        for option in options:
            if option["template_name"] not in OPTION_INPUT_TEMPLATES:
                return None
            parts.append(f"<div>\n    {_input_option(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = _out(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _label(context: dict) -> str:
    if not context["use_tag"]:
        return _out(context["label"])
    tag = _out(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{_out(context['label'])}</{tag}>"


def _error_list(context: dict) -> str:
    """errors/list/default.html (= ul.html): an ErrorList as <ul class="errorlist">."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    id_attr = f' id="{_out(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_out(error)}</li>" for error in errors)
    return f'<ul class="{_out(context["error_class"])}"{id_attr}>{items}</ul>'


def _field_group(context: dict) -> str:
    """field.html: label (or legend in a fieldset), help text, errors, widget."""
    field = context["field"]
    if field.use_fieldset:
        described = field.aria_describedby
        aria = f' aria-describedby="{_out(described)}"' if described else ""
        head = f"\n  <fieldset{aria}>\n  {_out(field.legend_tag()) if field.label else ''}\n"
    else:
        head = f"\n  {_out(field.label_tag()) if field.label else ''}\n"
    help_html = ""
    if field.help_text:
        help_id = f' id="{_out(field.auto_id)}_helptext"' if field.auto_id else ""
        help_html = f'<div class="helptext"{help_id}>{field.help_text}</div>'
    closing = "</fieldset>" if field.use_fieldset else ""
    return f"{head}\n{help_html}\n{_out(field.errors)}\n{_out(field)}{closing}\n"


def _form_div(context: dict) -> str:
    """div.html: the form's top errors, then one <div> per visible field, hidden fields in the last."""
    errors, fields, hidden = context["errors"], context["fields"], context["hidden_fields"]
    hidden_html = "".join(_out(field) for field in hidden)
    parts = [_out(errors), "\n"]
    if errors and not fields:
        parts.append(f"\n  <div>{hidden_html}</div>\n")
    parts.append("\n")
    for index, (field, _errors) in enumerate(fields):
        classes = field.css_classes()
        class_attr = f' class="{_out(classes)}"' if classes else ""
        last = f"\n      {hidden_html}\n    " if index == len(fields) - 1 else ""
        parts.append(f"\n  <div{class_attr}>\n    {_out(field.as_field_group())}\n    {last}\n</div>\n")
    parts.append("\n")
    if not fields and not errors:
        parts.append(f"\n  {hidden_html}\n")
    parts.append("\n")
    return "".join(parts)


CONTEXT_TEMPLATES = {
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _error_list,
    "django/forms/errors/list/ul.html": _error_list,
    "django/forms/field.html": _field_group,
    "django/forms/div.html": _form_div,
}


def _fast(template_name: str, context: dict) -> str | None:
    if template_name in CONTEXT_TEMPLATES:
        return CONTEXT_TEMPLATES[template_name](context)
    widget = context.get("widget")
    if not isinstance(widget, dict) or widget.get("template_name") != template_name:
        return None
    if template_name in INPUT_TEMPLATES:
        return _input(widget)
    if template_name == WIDGETS + "select.html":
        return _select(widget)
    if template_name in MULTIPLE_INPUT_TEMPLATES:
        return _multiple_input(widget)
    if template_name == WIDGETS + "textarea.html":
        return _textarea(widget)
    return None


class PortalFormRenderer(DjangoTemplates):
    """Django's default renderer, with the plain widget templates built in Python (same output)."""

    def render(self, template_name, context, request=None):
        html = _fast(template_name, context)
        if html is None:
            return super().render(template_name, context, request=request)
        return html.strip()
