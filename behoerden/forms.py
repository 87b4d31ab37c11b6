import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.filters import FilterForm
from portal.form_fields import SharedModelChoiceField

from .models import Behoerde, Kreis, Regierungsbezirk


class BehoerdeFilterForm(FilterForm):
    """Directory filters. Values not understood are ignored with a notice instead of an error page."""

    q = forms.CharField(label=_("Name enthält"), required=False, max_length=100)
    art = forms.ChoiceField(
        label=_("Art"), required=False, choices=[("", _("Alle Arten")), *Behoerde.Art.choices]
    )
    regierungsbezirk = SharedModelChoiceField(
        label=_("Regierungsbezirk"),
        required=False,
        queryset=Regierungsbezirk.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Regierungsbezirke"),
    )
    kreis = SharedModelChoiceField(
        label=_("Kreis / kreisfreie Stadt"),
        required=False,
        queryset=Kreis.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Kreise und Städte"),
    )

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.filter(Q(name__icontains=data["q"]) | Q(kurzname__icontains=data["q"]))
        if data.get("art"):
            queryset = queryset.filter(art=data["art"])
        if data.get("regierungsbezirk"):
            queryset = queryset.filter(regierungsbezirk=data["regierungsbezirk"])
        if data.get("kreis"):
            queryset = queryset.filter(kreis=data["kreis"])
        return queryset


class BehoerdeForm(forms.ModelForm):
    """What an Ansprechpartner keeps current about their authority."""

    class Meta:
        model = Behoerde
        fields = ["kurzname", "strasse", "plz", "ort", "telefon", "funktionspostfach", "zustaendigkeiten"]
        widgets = {"zustaendigkeiten": forms.Textarea(attrs={"rows": 6})}

    def clean_plz(self):
        plz = self.cleaned_data["plz"].strip()
        if plz and not re.fullmatch(r"[0-9]{5}", plz):  # not str.isdigit(): "①②③④⑤" would pass
            raise forms.ValidationError(_("Bitte geben Sie eine fünfstellige Postleitzahl an."))
        return plz
