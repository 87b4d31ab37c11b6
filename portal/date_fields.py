"""Form fields for the date and time of a meeting."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TERMIN_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TerminField(forms.DateTimeField):
    """The date and time of a meeting: from a year before today up to ten years ahead.

    A typed date such as 01.01.0001 or 31.12.9999 is a valid datetime for Django's field, but converting it
    to UTC or adding the meeting's duration leaves the range Python can represent (OverflowError: a server
    error instead of a form error), and no meeting of the portal is that far away."""

    widget = TERMIN_WIDGET
    years_back = 1
    years_ahead = 10

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        earliest = today - datetime.timedelta(days=366 * self.years_back)
        latest = today + datetime.timedelta(days=365 * self.years_ahead)
        # value.date(): the date as typed, in the current time zone — no conversion that could overflow.
        if not earliest <= value.date() <= latest:
            raise ValidationError(
                _("Bitte geben Sie einen Termin zwischen dem %(von)s und dem %(bis)s an."),
                code="termin_ausserhalb",
                params={"von": f"{earliest:%d.%m.%Y}", "bis": f"{latest:%d.%m.%Y}"},
            )
