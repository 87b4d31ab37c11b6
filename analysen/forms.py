"""Forms of the 360°-Analysen. Domain rules (participants, four eyes, deletion date) live in services."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from behoerden.models import Behoerde
from dateien.forms import UploadField
from portal.date_fields import TerminField
from portal.form_fields import SharedModelChoiceField, SharedModelMultipleChoiceField

from .models import Aufgabe, Auswertebericht, Einladung, Klassifikation, Quellenkategorie, Verbindung

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _behoerden():
    return Behoerde.objects.exclude(art=Behoerde.Art.GESCHAEFTSSTELLE).order_by("name")


class VorgangForm(forms.Form):
    betreff = forms.CharField(label=_("Betreff"), max_length=200)
    zweck = forms.CharField(
        label=_("Zweck des Austauschs"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    rechtsgrundlage = forms.CharField(
        label=_("Rechtsgrundlage des Austauschs"),
        max_length=300,
        help_text=_("z. B. § 35 GewO, § 8 PolG NRW"),
    )
    klassifikation = forms.ChoiceField(label=_("Einstufung"), choices=Klassifikation.choices)
    loeschfrist = forms.DateField(
        label=_("Löschfrist"),
        widget=DATE_WIDGET,
        help_text=_("Pflicht: frühestens morgen, höchstens fünf Jahre in der Zukunft."),
        error_messages={
            "required": _("Bitte geben Sie eine Löschfrist an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an."),
        },
    )
    fallfuehrung = SharedModelChoiceField(
        label=_("Fallführung (Geschäftsstelle)"), queryset=get_user_model().objects.geschaeftsstelle()
    )
    behoerden = SharedModelMultipleChoiceField(
        label=_("Beteiligte Behörden"),
        queryset=_behoerden(),
        required=False,
        help_text=_(
            "Die anfragende Behörde ist immer beteiligt. Personen benennen Sie auf der Seite des Vorgangs."
        ),
    )


class BeteiligungForm(forms.Form):
    behoerde = SharedModelChoiceField(label=_("Behörde"), queryset=_behoerden())
    grund = forms.CharField(label=_("Grund der Beteiligung"), max_length=300)


class PersonForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse der Person"))


class AnforderungForm(forms.Form):
    frist = forms.DateField(
        label=_("Frist für die Beiträge"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Bitte geben Sie eine Frist an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an."),
        },
    )


class BeitragForm(forms.Form):
    text = forms.CharField(
        label=_("Ihr Beitrag"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000
    )
    quellenkategorie = forms.ChoiceField(label=_("Quellenkategorie"), choices=Quellenkategorie.choices)
    rechtsgrundlage = forms.CharField(label=_("Rechtsgrundlage für die Übermittlung"), max_length=300)
    # Files: several per version (templates/analysen/_dateien_field.html), checked by `dateien` in the service.


class BerichtForm(forms.ModelForm):
    pdf_upload = UploadField(label=_("Bericht als PDF"), required=False)

    class Meta:
        model = Auswertebericht
        fields = ["fragestellung", "quellen", "erkenntnisse", "empfehlungen"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


MAX_VERBINDUNGEN = 100


class VerbindungForm(forms.Form):
    """One row of the links table; an empty row is ignored, a half-filled one is refused."""

    von_name = forms.CharField(label=_("von: Name"), max_length=200, required=False)
    von_art = forms.ChoiceField(
        label=_("von: Art"), choices=[("", "–"), *Verbindung.Art.choices], required=False
    )
    beziehung = forms.CharField(label=_("Beziehung"), max_length=200, required=False)
    zu_name = forms.CharField(label=_("zu: Name"), max_length=200, required=False)
    zu_art = forms.ChoiceField(
        label=_("zu: Art"), choices=[("", "–"), *Verbindung.Art.choices], required=False
    )
    quelle = forms.CharField(label=_("Quelle / Bemerkung"), max_length=300, required=False)

    REQUIRED = {
        "von_name": _("Bitte geben Sie an, von wem oder was die Verbindung ausgeht."),
        "von_art": _("Bitte wählen Sie, ob „von“ eine Person, eine Firma oder ein Ort ist."),
        "beziehung": _("Bitte beschreiben Sie die Beziehung."),
        "zu_name": _("Bitte geben Sie an, zu wem oder was die Verbindung besteht."),
        "zu_art": _("Bitte wählen Sie, ob „zu“ eine Person, eine Firma oder ein Ort ist."),
    }

    def clean(self):
        data = super().clean()
        for name in ("von_name", "beziehung", "zu_name", "quelle"):
            if name in data:
                data[name] = " ".join(data[name].split())
        if not any(data.get(name) for name in (*self.REQUIRED, "quelle")):
            data["leer"] = True
            return data
        for name, message in self.REQUIRED.items():
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        if (
            data.get("von_name")
            and data.get("von_name", "").casefold() == data.get("zu_name", "").casefold()
            and data.get("von_art") == data.get("zu_art")
        ):
            self.add_error("zu_name", _("Eine Verbindung muss zwei verschiedene Beteiligte verbinden."))
        data["leer"] = False
        return data


class BaseVerbindungFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The filled, not deleted rows in order (call after is_valid)."""
        fields = ("von_name", "von_art", "beziehung", "zu_name", "zu_art", "quelle")
        return [
            {name: form.cleaned_data[name] for name in fields}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("leer") and not form.cleaned_data.get("DELETE")
        ]


VerbindungFormSet = forms.formset_factory(
    VerbindungForm,
    formset=BaseVerbindungFormSet,
    extra=3,
    can_delete=True,
    max_num=MAX_VERBINDUNGEN,
    validate_max=True,
    absolute_max=MAX_VERBINDUNGEN + 10,
)


class FallbesprechungForm(forms.Form):
    beginn = TerminField(
        label=_("Beginn"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        error_messages={
            "required": _("Bitte geben Sie Datum und Uhrzeit an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum mit Uhrzeit an."),
        },
    )
    dauer_minuten = forms.IntegerField(label=_("Dauer (Minuten)"), min_value=15, max_value=600, initial=90)
    ort = forms.CharField(label=_("Ort"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Videokonferenz-Link"), required=False, assume_scheme="https")
    tagesordnung = forms.CharField(
        label=_("Tagesordnung"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )


class EinladungAntwortForm(forms.Form):
    antwort = forms.ChoiceField(
        choices=[(Einladung.Antwort.ZUGESAGT, _("zusagen")), (Einladung.Antwort.ABGESAGT, _("absagen"))]
    )


class ProtokollForm(forms.Form):
    protokoll = forms.CharField(
        label=_("Protokoll"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000
    )


class AufgabeForm(forms.Form):
    was = forms.CharField(label=_("Aufgabe"), max_length=500)
    behoerde = SharedModelChoiceField(label=_("Zuständige Behörde"), queryset=_behoerden())
    frist = forms.DateField(
        label=_("bis"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Bitte geben Sie eine Frist an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an."),
        },
    )


class AufgabeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Aufgabe.Status.choices)


class LoeschfristForm(forms.Form):
    loeschfrist = forms.DateField(
        label=_("Neue Löschfrist"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Bitte geben Sie eine Löschfrist an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an."),
        },
    )
    grund = forms.CharField(
        label=_("Grund der Verlängerung"),
        max_length=300,
        error_messages={"required": _("Bitte geben Sie einen Grund an.")},
    )
