"""Forms of the board. Domain rules (length, closed threads, rate limit) are checked in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from behoerden.models import Kreis
from fachgebiete.models import Fachgebiet
from portal.form_fields import SharedModelChoiceField, SharedModelMultipleChoiceField
from portal.widgets import SharedCheckboxSelectMultiple

from .models import Thema, Zustellung

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
