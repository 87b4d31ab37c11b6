from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _plain(value) -> str:
    if value is True:
        return _("ja")
    if value is False:
        return _("nein")
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    return str(value)


@register.filter
def detail_text(value) -> str:
    """Render a details value (bool, list, dict) as short German text; autoescaped by the template."""
    return _plain(value)
