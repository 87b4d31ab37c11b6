"""Faster stand-ins for two template builtins that list pages use many times per page.

Registered as template builtins (settings TEMPLATES OPTIONS "builtins"), they replace Django's `date`
filter and `url` tag everywhere; the output is always the same (tests/portal/test_fast_builtins.py).

- `date`: Django parses the format string and builds a `DateFormat` object for every value (about
  30 µs). Numeric formats made only of the specifiers below are compiled once into a function; every
  other format, value type or the default format goes to Django's filter.
- `url`: Django resolves the pattern anew for every `{% url %}` (30–50 µs). URLs built from plain
  strings and integers are remembered per process (the URL conf does not change at run time); any other
  argument type goes to Django's `reverse` every time.
"""

import datetime
import functools

from django import template
from django.template import defaulttags
from django.template.defaultfilters import date as django_date
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.html import conditional_escape

register = template.Library()

_DATE_PARTS = {
    "d": lambda v: f"{v.day:02d}",
    "j": lambda v: str(v.day),
    "m": lambda v: f"{v.month:02d}",
    "n": lambda v: str(v.month),
    "Y": lambda v: f"{v.year:04d}",
    "y": lambda v: f"{v.year % 100:02d}",
}
# Names in the active language, exactly as Django's DateFormat takes them.
_DATE_PARTS.update(
    {
        "l": lambda v: str(WEEKDAYS[v.weekday()]),
        "D": lambda v: str(WEEKDAYS_ABBR[v.weekday()]),
        "F": lambda v: str(MONTHS[v.month]),
    }
)
_TIME_PARTS = {
    "H": lambda v: f"{v.hour:02d}",
    "G": lambda v: str(v.hour),
    "i": lambda v: f"{v.minute:02d}",
    "s": lambda v: f"{v.second:02d}",
}
_LITERALS = set(" .:,-/")


@functools.lru_cache(maxsize=64)
def _compile(fmt: str):
    """Return (parts, needs_time) for a format made of known specifiers and literals, else None."""
    parts, needs_time = [], False
    for char in fmt:
        if char in _DATE_PARTS:
            parts.append(_DATE_PARTS[char])
        elif char in _TIME_PARTS:
            parts.append(_TIME_PARTS[char])
            needs_time = True
        elif char in _LITERALS:
            parts.append(char)
        else:
            return None
    return tuple(parts), needs_time


def local_date(value, arg: str) -> str:
    """The `date` filter for Python code: aware datetimes in local time first, as templates do."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Format a date according to the given format (Django's `date` filter, faster for numbers)."""
    if arg and type(value) in (datetime.date, datetime.datetime):
        compiled = _compile(arg)
        if compiled is not None:
            parts, needs_time = compiled
            if not needs_time or type(value) is datetime.datetime:
                return "".join(part if type(part) is str else part(value) for part in parts)
    return django_date(value, arg)


_PLAIN = (int, str)


@functools.lru_cache(maxsize=8192)
def _reverse(view_name, args, kwargs, current_app, prefix, urlconf):
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def cached_reverse(view_name, args=(), kwargs=None, current_app=None) -> str:
    """`reverse()`, remembered for view names, args and kwargs that are plain strings and integers."""
    kwargs = kwargs or {}
    # isinstance, not type(): names and strings from templates are SafeStrings (str subclasses).
    if (
        isinstance(view_name, str)
        and all(isinstance(arg, _PLAIN) for arg in args)
        and all(isinstance(value, _PLAIN) for value in kwargs.values())
    ):
        return _reverse(
            view_name,
            tuple(args),
            tuple(sorted(kwargs.items())),
            current_app,
            get_script_prefix(),
            get_urlconf(),
        )
    return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)


def url_prefix(view_name: str, *args, placeholder="0") -> str:
    """The URL of `view_name` up to its last argument, e.g. /lagebilder/ for lists that append ids
    themselves (built once per page, not per row)."""
    return cached_reverse(view_name, args=[*args, placeholder]).removesuffix(f"{placeholder}/")


class CachedURLNode(defaulttags.URLNode):
    """Django's URLNode, resolving through `cached_reverse`."""

    def render(self, context):
        from django.urls import NoReverseMatch

        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = cached_reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's `{% url %}` (same syntax and output), with remembered results."""
    node = defaulttags.url(parser, token)
    node.__class__ = CachedURLNode
    return node
