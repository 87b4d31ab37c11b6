from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

FEEDBACK_MAX_LENGTH = 5000  # characters of one accessibility feedback


class RueckmeldungForm(forms.Form):
    """Feedback on a barrier: plain text only (markup is refused, not silently stripped)."""

    text = forms.CharField(
        label=_("Welche Barriere ist Ihnen begegnet?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=FEEDBACK_MAX_LENGTH,
        error_messages={
            "required": _("Bitte beschreiben Sie die Barriere."),
            "max_length": _(
                "Bitte fassen Sie sich kürzer: höchstens %(limit_value)d Zeichen (Sie haben %(show_value)d)."
            ),
        },
    )
    seite = forms.CharField(
        label=_("Auf welcher Seite? (optional)"),
        required=False,
        max_length=300,
        error_messages={
            "max_length": _("Die Seitenangabe darf höchstens %(limit_value)d Zeichen lang sein.")
        },
    )
    kontakt = forms.EmailField(
        label=_("E-Mail-Adresse für Rückfragen"),
        required=False,
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.is_authenticated:
            self.fields["kontakt"].help_text = _("Leer lassen: Wir antworten an %(email)s.") % {
                "email": user.email
            }
        else:
            self.fields["kontakt"].required = True
            self.fields["kontakt"].error_messages["required"] = _(
                "Bitte geben Sie eine E-Mail-Adresse an, damit wir Ihnen antworten können."
            )

    def _refuse_markup(self, value: str) -> str:
        if strip_tags(value) != value or "<" in value and ">" in value:
            raise ValidationError(_("Bitte schreiben Sie reinen Text ohne HTML oder andere Auszeichnungen."))
        return value

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Bitte beschreiben Sie die Barriere."))
        return self._refuse_markup(text)

    def clean_seite(self):
        return self._refuse_markup(self.cleaned_data["seite"].strip())


class BestaetigungForm(forms.Form):
    """The person confirms the versions shown (their ids travel with the form)."""

    regelwerk = forms.TypedMultipleChoiceField(coerce=int, widget=forms.MultipleHiddenInput)
    gelesen = forms.BooleanField(
        label=_(
            "Ich habe die Nutzungsbedingungen und das VS-NfD-Merkblatt gelesen und verpflichte mich, sie einzuhalten."
        ),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie beide Texte gelesen haben.")},
    )

    def __init__(self, *args, regelwerke=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the service refuses versions that are not current, with its message.
        ids = self.data.getlist("regelwerk") if self.is_bound else [r.pk for r in regelwerke]
        self.fields["regelwerk"].choices = [(str(pk), str(pk)) for pk in ids if str(pk).isdigit()]
        self.fields["regelwerk"].error_messages["invalid_choice"] = _("Ungültige Fassung.")
        self.fields["regelwerk"].error_messages["required"] = _("Ungültige Fassung.")
        if not self.is_bound:
            self.initial["regelwerk"] = [r.pk for r in regelwerke]
