from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from behoerden.models import Behoerde
from fachgebiete.models import Fachgebiet
from portal.form_fields import SharedModelChoiceField, SharedModelMultipleChoiceField

from .models import Erhebung, Indikator, Typ


class IndikatorForm(forms.Form):
    schluessel = forms.SlugField(
        label=_("Schlüssel"),
        max_length=80,
        help_text=_("Bleibt über alle Versionen gleich, z. B. shisha-kontrollen."),
    )
    fachgebiet = SharedModelChoiceField(label=_("Fachgebiet"), queryset=Fachgebiet.objects.all())
    name = forms.CharField(label=_("Bezeichnung"), max_length=200)
    typ = forms.ChoiceField(label=_("Typ"), choices=Typ.choices)
    einheit = forms.CharField(
        label=_("Einheit"), max_length=30, required=False, help_text=_("z. B. kg; bei Beträgen Euro.")
    )
    hilfetext = forms.CharField(label=_("Hinweis für die Meldenden"), widget=forms.Textarea, required=False)
    minimum = forms.DecimalField(label=_("Mindestwert"), required=False, localize=True)
    maximum = forms.DecimalField(label=_("Höchstwert"), required=False, localize=True)
    auswahl = forms.CharField(
        label=_("Auswahlmöglichkeiten"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Eine Antwort je Zeile (nur beim Typ Auswahl)."),
    )

    def __init__(self, *args, indikator=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indikator = indikator
        if indikator is not None:
            self.fields["schluessel"].disabled = True
            self.fields["fachgebiet"].disabled = True

    def clean_schluessel(self):
        value = slugify(self.cleaned_data["schluessel"])
        if self.indikator is None and Indikator.objects.filter(schluessel=value).exists():
            raise forms.ValidationError(_("Diesen Schlüssel gibt es schon."))
        return value

    def clean_auswahl(self):
        return [line.strip() for line in self.cleaned_data["auswahl"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if data.get("typ") == Typ.AUSWAHL and len(data.get("auswahl") or []) < 2:
            self.add_error("auswahl", _("Bitte geben Sie mindestens zwei Antworten an."))
        if (
            data.get("minimum") is not None
            and data.get("maximum") is not None
            and data["minimum"] > data["maximum"]
        ):
            self.add_error("maximum", _("Der Höchstwert muss größer als der Mindestwert sein."))
        return data


class IndikatorChoiceField(SharedModelMultipleChoiceField):
    """The current indicators as checkboxes, options from the shared cache (portal.form_fields): a label
    depends on the indicator's newest version and its Fachgebiet, and both renew the content generation
    (erhebungen.lage.LAGE_SOURCES, Fachgebiet), so the form's HTML is shared too (portal.form_html)."""

    def label_from_instance(self, obj):
        return f"{obj.fachgebiet.name}: {obj.aktueller_name}"


def _indikatoren_mit_namen():
    from django.db.models import OuterRef, Subquery

    from .models import IndikatorVersion

    latest = IndikatorVersion.objects.filter(indikator=OuterRef("pk")).order_by("-nummer").values("name")[:1]
    return (
        Indikator.objects.filter(aktiv=True)
        .select_related("fachgebiet")
        .annotate(aktueller_name=Subquery(latest))
    )


class ErhebungForm(forms.Form):
    titel = forms.CharField(label=_("Titel"), max_length=200, help_text=_("z. B. Erhebung 1. Quartal 2026"))
    zeitraum_von = forms.DateField(label=_("Zeitraum von"), widget=forms.DateInput(attrs={"type": "date"}))
    zeitraum_bis = forms.DateField(label=_("Zeitraum bis"), widget=forms.DateInput(attrs={"type": "date"}))
    frist = forms.DateField(label=_("Meldefrist"), widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(
        label=_("Status"), choices=Erhebung.Status.choices, initial=Erhebung.Status.ENTWURF
    )
    erinnerung_tage = forms.IntegerField(
        label=_("Erinnerung (Tage vor der Frist)"), min_value=0, max_value=60, initial=7
    )
    indikatoren = IndikatorChoiceField(
        label=_("Indikatoren (aktuelle Version)"),
        queryset=_indikatoren_mit_namen(),
        widget=forms.CheckboxSelectMultiple,
    )
    alle_standard = forms.BooleanField(
        label=_("Alle 53 Kommunen und 12 Kreispolizeibehörden befragen"), required=False, initial=True
    )
    behoerden = SharedModelMultipleChoiceField(
        label=_("oder einzelne Behörden"), queryset=Behoerde.objects.aktiv(), required=False
    )
    hinweis = forms.CharField(label=_("Hinweis an die Behörden"), widget=forms.Textarea, required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("zeitraum_von")
            and data.get("zeitraum_bis")
            and data["zeitraum_bis"] < data["zeitraum_von"]
        ):
            self.add_error("zeitraum_bis", _("Das Ende des Zeitraums liegt vor dem Beginn."))
        if not data.get("alle_standard") and not data.get("behoerden"):
            self.add_error("behoerden", _("Bitte wählen Sie die befragten Behörden aus."))
        return data
