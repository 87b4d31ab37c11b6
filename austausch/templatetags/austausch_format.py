"""Fast German date filters for long lists (the built-in `date` filter costs ~20 µs per call)."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def datum(value) -> str:
    """24.11.2026"""
    return _local(value).strftime("%d.%m.%Y") if value else ""


@register.filter
def datum_zeit(value) -> str:
    """24.11.2026 14:05"""
    return _local(value).strftime("%d.%m.%Y %H:%M") if value else ""
