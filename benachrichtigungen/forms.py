from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Einstellung, Zustellung


class EinstellungForm(forms.Form):
    zustellung = forms.ChoiceField(
        label=_("E-Mail zu Benachrichtigungen"),
        choices=Zustellung.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie, wie Sie benachrichtigt werden möchten."),
            "invalid_choice": _("Bitte wählen Sie, wie Sie benachrichtigt werden möchten."),
        },
    )
    lagebild_geteilt = forms.BooleanField(
        label=Einstellung._meta.get_field("lagebild_geteilt").verbose_name,
        help_text=Einstellung._meta.get_field("lagebild_geteilt").help_text,
        required=False,
    )
