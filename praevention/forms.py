"""Forms of the prevention catalogue: filters, proposal, review decision."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from behoerden.models import Gemeinde
from portal.filters import FilterForm
from portal.form_fields import SharedModelChoiceField

from .models import Massnahme, Phase, Programm, Zielgruppe
from .services import EDITABLE_FIELDS, massnahme_check_kommune


class MassnahmeFilterForm(FilterForm):
    kommune = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Gemeinde.objects.order_by("name"), required=False, empty_label=_("alle")
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=[("", _("alle")), *Phase.choices], required=False)
    zielgruppe = forms.ChoiceField(
        label=_("Zielgruppe"), choices=[("", _("alle")), *Zielgruppe.choices], required=False
    )
    programm = forms.ChoiceField(
        label=_("Programm"), choices=[("", _("alle")), *Programm.choices], required=False
    )

    def filter(self, queryset):
        """Apply the filters to a queryset (values not understood are ignored, see `notices`)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("kommune"):
            queryset = queryset.filter(kommune=data["kommune"])
        for key in ("phase", "zielgruppe", "programm"):
            if data.get(key):
                queryset = queryset.filter(**{key: data[key]})
        return queryset


class MassnahmeForm(forms.ModelForm):
    class Meta:
        model = Massnahme
        fields = list(EDITABLE_FIELDS)
        # Shared options (Gemeinde renews the content generation), so that {% shared_form %} can keep the
        # unbound form's HTML: the edit form rendered each field through Django's templates on every view.
        field_classes = {"kommune": SharedModelChoiceField}
        widgets = {
            "beginn": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ende": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "beschreibung": forms.Textarea(attrs={"rows": 6}),
            "evaluationsergebnis": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kommune"].queryset = Gemeinde.objects.order_by("name")
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_hilfe"
        if not self.instance.pk and user.behoerde and user.behoerde.gemeinde_id:
            self.fields["kommune"].initial = user.behoerde.gemeinde_id

    def clean_kommune(self):
        kommune = self.cleaned_data["kommune"]
        massnahme_check_kommune(kommune=kommune, by=self.user)
        return kommune


class PruefungForm(forms.Form):
    entscheidung = forms.ChoiceField(
        label=_("Entscheidung"), choices=[("freigeben", _("Freigeben")), ("ablehnen", _("Ablehnen"))]
    )
    hinweis = forms.CharField(
        label=_("Hinweis an die Kommune"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bei einer Ablehnung erforderlich."),
    )

    def clean(self):
        data = super().clean()
        if data.get("entscheidung") == "ablehnen" and not (data.get("hinweis") or "").strip():
            raise ValidationError({"hinweis": _("Bitte begründen Sie die Ablehnung.")})
        return data
