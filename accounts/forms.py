from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from behoerden.models import Behoerde
from portal.filters import FilterForm
from portal.form_fields import SharedModelChoiceField

from .access import can_set_portal_roles, manages_every_behoerde
from .models import Rolle, User


class ProfilForm(forms.ModelForm):
    """What a person may change about themselves (email and password via allauth with re-authentication)."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "funktion", "telefon", "im_verzeichnis"]
        labels = {"first_name": _("Vorname"), "last_name": _("Nachname")}


class EinladungAnnehmenForm(forms.Form):
    """Accepting an invitation: name and a password that passes Django's validators (min. 12 characters)."""

    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Mindestens 12 Zeichen; nicht nur Ziffern, kein gängiges Passwort, nicht Ihrem Namen ähnlich."
        ),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, einladung, **kwargs):
        self.einladung = einladung
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif p1:
            candidate = User(
                email=self.einladung.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class EinladungForm(forms.Form):
    """Invite a person. Authority choices are limited for an AP; the service re-checks the scope."""

    email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=254)
    behoerde = SharedModelChoiceField(label=_("Behörde"), queryset=Behoerde.objects.all())
    rolle = forms.ChoiceField(label=_("Rolle in der Behörde"), choices=Rolle.choices, initial=Rolle.MITGLIED)
    ist_redaktion = forms.BooleanField(label=_("Redaktion"), required=False)
    ist_geschaeftsstelle = forms.BooleanField(label=_("Geschäftsstelle"), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if not can_set_portal_roles(actor):
            del self.fields["ist_redaktion"]
            del self.fields["ist_geschaeftsstelle"]
            # Offer only the own authority; a crafted value still parses so that it can be refused and audited.
            own = actor.behoerde
            self.fields["behoerde"].widget.choices = [(own.pk, own.name)] if own else []
            self.fields["behoerde"].initial = actor.behoerde_id

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Für diese E-Mail-Adresse besteht bereits ein Konto. Eine Einladung ist nicht nötig.")
            )
        return email


class RollenForm(forms.Form):
    """Change a person's role within the authority and (Geschäftsstelle only) the portal-wide roles."""

    rolle = forms.ChoiceField(label=_("Rolle in der Behörde"), choices=Rolle.choices)
    ist_redaktion = forms.BooleanField(label=_("Redaktion"), required=False)
    ist_geschaeftsstelle = forms.BooleanField(label=_("Geschäftsstelle"), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_set_portal_roles(actor):
            del self.fields["ist_redaktion"]
            del self.fields["ist_geschaeftsstelle"]


class PersonenFilterForm(FilterForm):
    STATUS_CHOICES = [
        ("", _("alle")),
        ("aktiv", _("aktiv")),
        ("inaktiv", _("deaktiviert")),
        ("faellig", _("Rezertifizierung fällig (jetzt oder in den nächsten 30 Tagen)")),
    ]
    q = forms.CharField(label=_("Name oder E-Mail"), required=False, max_length=100)
    behoerde = SharedModelChoiceField(
        label=_("Behörde"), queryset=Behoerde.objects.all(), required=False, empty_label=_("alle Behörden")
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        if not manages_every_behoerde(actor):
            del self.fields["behoerde"]


# The TOTP secret offered on the enrolment page, kept until confirmed or explicitly renewed.
PENDING_TOTP_SECRET_SESSION_KEY = "siko_totp_pending_secret"


class TotpAktivierenForm(ActivateTOTPForm):
    """allauth's TOTP activation form with a secret that survives reloads.

    allauth draws a new secret on every GET; a person who scanned the QR code and then reloaded
    would be told their code is wrong. The first secret shown stays until it is confirmed or renewed."""

    def __init__(self, *args, session, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        pending = session.get(PENDING_TOTP_SECRET_SESSION_KEY)
        if pending:
            self.secret = pending
        else:
            session[PENDING_TOTP_SECRET_SESSION_KEY] = self.secret
