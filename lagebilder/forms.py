"""Forms of the Lagebilder section (create/edit with visibility, new version, list filters)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from arbeitskreise.models import Arbeitskreis
from behoerden.models import Behoerde, Gemeinde, Kreis, Regierungsbezirk
from dateien.forms import UploadField
from fachgebiete.models import Fachgebiet
from portal import content_cache
from portal.filters import FilterForm
from portal.form_fields import SharedModelChoiceField, SharedModelMultipleChoiceField
from portal.widgets import SharedCheckboxSelectMultiple, SharedSelect, SharedSelectMultiple

from .access import can_allow_vsnfd_for_all
from .models import Klassifikation, Sichtbarkeit

INVALID_CHOICE = _("Die Auswahl „%(value)s“ gibt es nicht. Bitte wählen Sie aus der Liste.")
INVALID_PK = _("„%(pk)s“ gibt es nicht. Bitte wählen Sie aus der Liste.")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _regions() -> tuple[list, list, list]:
    """Region options, the same for everybody (reference data, kept per process under the generation)."""
    return content_cache.cached("lagebilder:regionen", _build_regions, local=True)


def _build_regions() -> tuple[list, list, list]:
    return (
        [
            (f"rb:{pk}", name)
            for pk, name in Regierungsbezirk.objects.order_by("name").values_list("pk", "name")
        ],
        [(f"kr:{pk}", name) for pk, name in Kreis.objects.order_by("name").values_list("pk", "name")],
        [(f"ge:{pk}", name) for pk, name in Gemeinde.objects.order_by("name").values_list("pk", "name")],
    )


def region_choices():
    """One select for the region: whole Ruhr, or a Regierungsbezirk, Kreis or Gemeinde."""
    bezirke, kreise, gemeinden = _regions()
    return [
        ("", _("gesamtes Ruhrgebiet")),
        (_("Regierungsbezirke"), bezirke),
        (_("Kreise und kreisfreie Städte"), kreise),
        (_("Gemeinden"), gemeinden),
    ]


def resolve_region(value: str) -> dict:
    """Turn 'kr:3' into {'regierungsbezirk': …, 'kreis': …, 'gemeinde': None} (filling the hierarchy)."""
    result = {"regierungsbezirk": None, "kreis": None, "gemeinde": None}
    if not value:
        return result
    kind, _sep, pk = value.partition(":")
    if kind == "ge":
        gemeinde = Gemeinde.objects.select_related("kreis__regierungsbezirk").get(pk=pk)
        result.update(
            gemeinde=gemeinde, kreis=gemeinde.kreis, regierungsbezirk=gemeinde.kreis.regierungsbezirk
        )
    elif kind == "kr":
        kreis = Kreis.objects.select_related("regierungsbezirk").get(pk=pk)
        result.update(kreis=kreis, regierungsbezirk=kreis.regierungsbezirk)
    elif kind == "rb":
        result.update(regierungsbezirk=Regierungsbezirk.objects.get(pk=pk))
    return result


def region_value(lagebild) -> str:
    if lagebild.gemeinde_id:
        return f"ge:{lagebild.gemeinde_id}"
    if lagebild.kreis_id:
        return f"kr:{lagebild.kreis_id}"
    if lagebild.regierungsbezirk_id:
        return f"rb:{lagebild.regierungsbezirk_id}"
    return ""


class LagebildForm(forms.Form):
    """Describe a Lagebild and choose who may see it; on creation also the first file."""

    titel = forms.CharField(label=_("Titel"), max_length=200, widget=forms.TextInput(attrs={"size": 70}))
    zusammenfassung = forms.CharField(
        label=_("Zusammenfassung"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    zeitraum_von = forms.DateField(label=_("Berichtszeitraum von"), widget=DATE_WIDGET)
    zeitraum_bis = forms.DateField(label=_("Berichtszeitraum bis"), widget=DATE_WIDGET)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=SharedSelect)
    fachgebiete = SharedModelMultipleChoiceField(
        label=_("Fachgebiete"),
        queryset=Fachgebiet.objects.all(),
        widget=SharedCheckboxSelectMultiple,
        error_messages={
            "required": _("Bitte wählen Sie mindestens ein Fachgebiet."),
            "invalid_choice": INVALID_CHOICE,
            "invalid_pk_value": INVALID_PK,
        },
    )
    klassifikation = forms.ChoiceField(
        label=_("Einstufung"),
        choices=Klassifikation.choices,
        widget=forms.RadioSelect,
        initial=Klassifikation.OFFEN,
    )
    sichtbarkeit = forms.ChoiceField(
        label=_("Wer darf das Lagebild sehen?"),
        choices=Sichtbarkeit.choices,
        widget=forms.RadioSelect,
        initial=Sichtbarkeit.EIGENE_BEHOERDE,
    )
    behoerden = SharedModelMultipleChoiceField(
        label=_("Benannte Behörden"),
        queryset=Behoerde.objects.filter(aktiv=True).order_by("name"),
        required=False,
        widget=SharedSelectMultiple(attrs={"size": 8}),
        help_text=_("Nur bei „benannte Behörden“. Mehrfachauswahl mit Strg bzw. Cmd."),
        error_messages={"invalid_choice": INVALID_CHOICE, "invalid_pk_value": INVALID_PK},
    )
    arbeitskreise = SharedModelMultipleChoiceField(
        label=_("Benannte Arbeitskreise"),
        queryset=Arbeitskreis.objects.order_by("name"),
        required=False,
        widget=SharedCheckboxSelectMultiple,
        help_text=_("Nur bei „benannte Arbeitskreise“."),
        error_messages={"invalid_choice": INVALID_CHOICE, "invalid_pk_value": INVALID_PK},
    )
    vsnfd_alle_freigegeben = forms.BooleanField(
        label=_("Geschäftsstelle: Freigabe dieses VS-NfD-Lagebilds für alle Partner erlauben"), required=False
    )

    def __init__(self, *args, user, with_file: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].choices = region_choices()
        if with_file:
            self.fields["datei"] = UploadField()
            self.fields["aenderungshinweis"] = forms.CharField(
                label=_("Hinweis zur Datei"), max_length=500, required=False
            )
            self.fields["veroeffentlichen"] = forms.BooleanField(
                label=_("Sofort veröffentlichen (sonst als Entwurf speichern)"), required=False, initial=True
            )
        if not can_allow_vsnfd_for_all(user):
            del self.fields["vsnfd_alle_freigegeben"]

    def clean_region(self):
        value = self.cleaned_data.get("region") or ""
        try:
            self.cleaned_region = resolve_region(value)
        except (ValueError, Regierungsbezirk.DoesNotExist, Kreis.DoesNotExist, Gemeinde.DoesNotExist):
            raise forms.ValidationError(_("Diese Region gibt es nicht.")) from None
        return value

    def clean(self):
        data = super().clean()
        von, bis = data.get("zeitraum_von"), data.get("zeitraum_bis")
        if von and bis and bis < von:
            self.add_error(
                "zeitraum_bis", _("Das Ende des Berichtszeitraums darf nicht vor dem Beginn liegen.")
            )
        sichtbarkeit = data.get("sichtbarkeit")
        if (
            sichtbarkeit == Sichtbarkeit.BEHOERDEN
            and not data.get("behoerden")
            and "behoerden" not in self.errors
        ):
            self.add_error("behoerden", _("Bitte wählen Sie mindestens eine Behörde."))
        if (
            sichtbarkeit == Sichtbarkeit.ARBEITSKREISE
            and not data.get("arbeitskreise")
            and "arbeitskreise" not in self.errors
        ):
            self.add_error("arbeitskreise", _("Bitte wählen Sie mindestens einen Arbeitskreis."))
        if (
            sichtbarkeit == Sichtbarkeit.ALLE_PARTNER
            and data.get("klassifikation") == Klassifikation.VS_NFD
            and not data.get("vsnfd_alle_freigegeben", self.initial.get("vsnfd_alle_freigegeben", False))
        ):
            self.add_error(
                "sichtbarkeit",
                _(
                    "VS-NfD-Lagebilder dürfen nicht für alle Partner freigegeben werden, solange die "
                    "Geschäftsstelle das für diesen Bericht nicht erlaubt hat (Kenntnis nur, wenn nötig)."
                ),
            )
        return data


class VersionForm(forms.Form):
    datei = UploadField()
    aenderungshinweis = forms.CharField(
        label=_("Was hat sich geändert?"), max_length=500, widget=forms.TextInput(attrs={"size": 60})
    )


class ListFilterForm(FilterForm):
    """Filters of the list page (all optional; values not understood are ignored with a notice)."""

    fachgebiet = SharedModelChoiceField(
        label=_("Fachgebiet"),
        queryset=Fachgebiet.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("alle"),
    )
    region = forms.ChoiceField(label=_("Region"), required=False, widget=SharedSelect)
    von = forms.DateField(label=_("Zeitraum ab"), required=False, widget=DATE_WIDGET)
    bis = forms.DateField(label=_("Zeitraum bis"), required=False, widget=DATE_WIDGET)
    klassifikation = forms.ChoiceField(
        label=_("Einstufung"), choices=[("", _("alle"))] + list(Klassifikation.choices), required=False
    )
    behoerde = SharedModelChoiceField(
        label=_("Behörde (Autor)"),
        queryset=Behoerde.objects.order_by("name"),
        required=False,
        empty_label=_("alle"),
    )
    geteilt = forms.BooleanField(label=_("mit meiner Behörde geteilt"), required=False)
    sortierung = forms.ChoiceField(
        label=_("Sortierung"),
        choices=[("neu", _("neueste zuerst")), ("alt", _("älteste zuerst"))],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = region_choices()
        choices[0] = ("", _("alle Regionen"))
        self.fields["region"].choices = choices
