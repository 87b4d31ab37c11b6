"""Forms of the requests to the Geschäftsstelle. Workflow rules are checked in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dateien.forms import UploadField

from .models import Anfrage


class AnfrageForm(forms.ModelForm):
    class Meta:
        model = Anfrage
        fields = ["art", "betreff", "beschreibung", "rechtsgrundlage", "dringlichkeit", "kontakt"]
        widgets = {"beschreibung": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "rechtsgrundlage": _("z. B. § 35 GewO, § 8 PolG NRW, § 161 StPO"),
            "kontakt": _("Name, Telefon und E-Mail der zuständigen Ansprechperson"),
        }


class AnfrageStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Neuer Status"), choices=Anfrage.Status.choices)
    text = forms.CharField(
        label=_("Mitteilung an die anfragende Stelle"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    ergebnis = UploadField(label=_("Ergebnisdatei (nur beim Abschluss)"), required=False)


class AnfrageAntwortForm(forms.Form):
    text = forms.CharField(
        label=_("Ihre Antwort auf die Rückfrage"), widget=forms.Textarea(attrs={"rows": 4})
    )
