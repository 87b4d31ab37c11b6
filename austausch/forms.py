"""Forms of the board. Domain rules (length, closed threads, rate limit) are checked in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from behoerden.models import Kreis
from dateien.forms import UploadField
from fachgebiete.models import Fachgebiet
from portal.form_fields import SharedModelChoiceField, SharedModelMultipleChoiceField
from portal.widgets import SharedCheckboxSelectMultiple

from .models import Anfrage, Thema, Zustellung

TEXT_HELP = _(
    "Markdown: **fett**, *kursiv*, > Zitat, - Liste, [Linktext](https://…). Erwähnen mit @Vorname Nachname."
)


class ThemaForm(forms.Form):
    titel = forms.CharField(label=_("Titel"), max_length=200)
    art = forms.ChoiceField(label=_("Art"), choices=Thema.Art.choices)
    fachgebiete = SharedModelMultipleChoiceField(
        label=_("Fachgebiete"),
        queryset=Fachgebiet.objects.all(),
        required=False,
        widget=SharedCheckboxSelectMultiple,
    )
    region = SharedModelChoiceField(
        label=_("Region (optional)"), queryset=Kreis.objects.order_by("name"), required=False
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), help_text=TEXT_HELP)


class BeitragForm(forms.Form):
    text = forms.CharField(
        label=_("Ihre Antwort"), widget=forms.Textarea(attrs={"rows": 8}), help_text=TEXT_HELP
    )
    zitiert = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AboForm(forms.Form):
    zustellung = forms.ChoiceField(
        label=_("Benachrichtigung"),
        choices=[("", _("nicht abonnieren"))] + list(Zustellung.choices),
        required=False,
    )


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
