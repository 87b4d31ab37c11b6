from django import forms
from django.utils.translation import gettext_lazy as _

from portal.filters import FilterForm
from portal.form_fields import SharedModelChoiceField
from portal.labels import translated_choices
from portal.widgets import SharedSelect

from .access import reads_every_behoerde
from .models import Aktion, AuditEntry

# The log sits below the directory (behoerden writes its entries): the authorities to filter by are the
# model its entries point to, not an import of behoerden.
Behoerde = AuditEntry._meta.get_field("behoerde").related_model


class AuditFilterForm(FilterForm):
    aktion = forms.ChoiceField(
        label=_("Aktion"),
        choices=[("", _("alle Aktionen")), *Aktion.choices],
        required=False,
        widget=SharedSelect,
    )
    von = forms.DateField(label=_("von"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    bis = forms.DateField(label=_("bis"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    person = forms.CharField(label=_("Person (Name oder E-Mail)"), required=False, max_length=100)
    behoerde = SharedModelChoiceField(
        label=_("Behörde"), queryset=Behoerde.objects.all(), required=False, empty_label=_("alle Behörden")
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # The same options as Aktion.choices, translated once per process and language: the shared
        # select's key names every option's text, which would otherwise translate ~60 labels per view.
        self.fields["aktion"].choices = [("", _("alle Aktionen")), *translated_choices(Aktion)]
        if not reads_every_behoerde(actor):
            del self.fields["behoerde"]

    def clean(self):
        data = super().clean()
        if data.get("von") and data.get("bis") and data["von"] > data["bis"]:
            self.add_error("bis", _("Das Ende des Zeitraums liegt vor dem Anfang."))
        return data
