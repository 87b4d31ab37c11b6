from django import forms
from django.utils.translation import gettext_lazy as _

from fachgebiete.models import Fachgebiet
from portal.form_fields import SharedModelMultipleChoiceField
from portal.widgets import SharedCheckboxSelectMultiple

from .models import NewsletterEinstellung


class EinstellungForm(forms.ModelForm):
    fachgebiete = SharedModelMultipleChoiceField(
        label=_("Fachgebiete"),
        queryset=Fachgebiet.objects.all(),
        required=False,
        widget=SharedCheckboxSelectMultiple,
        help_text=_("Ohne Auswahl erhalten Sie Neues aus allen Fachgebieten."),
    )

    class Meta:
        model = NewsletterEinstellung
        fields = ["aktiv", "fachgebiete"]
        labels = {"aktiv": _("Wöchentlichen Newsletter mit meiner persönlichen Wochenübersicht erhalten")}


class AktionForm(forms.Form):
    AKTIONEN = {
        "einreichen": _("Zur Freigabe einreichen"),
        "freigeben": _("Freigeben"),
        "zuruecksetzen": _("Zurück an die Redaktion"),
        "testmail": _("Testmail an mich senden"),
        "versenden": _("Jetzt versenden"),
    }
    aktion = forms.ChoiceField(choices=list(AKTIONEN.items()))
