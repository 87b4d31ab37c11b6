from django import forms
from django.utils.translation import gettext_lazy as _

from portal.form_fields import https_by_default

from .models import Identitaetsanbieter, Protokoll


class IdentitaetsanbieterForm(forms.ModelForm):
    oidc_client_secret = forms.CharField(
        label=_("OIDC: Client-Secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Wird verschlüsselt gespeichert. Leer lassen, um das bisherige zu behalten."),
    )

    class Meta:
        model = Identitaetsanbieter
        formfield_callback = https_by_default
        fields = [
            "behoerde",
            "slug",
            "protokoll",
            "aktiv",
            "email_domaenen",
            "saml_metadaten_url",
            "saml_metadaten_xml",
            "saml_entity_id",
            "saml_sso_url",
            "saml_slo_url",
            "saml_zertifikat",
            "saml_abmeldung_signiert",
            "oidc_issuer",
            "oidc_client_id",
            "oidc_scopes",
            "zuordnung_email",
            "zuordnung_vorname",
            "zuordnung_nachname",
            "zuordnung_funktion",
            "einladungsanfrage",
            "mfa_vertraut",
            "mfa_kontexte",
            "mfa_hoechstalter_minuten",
        ]
        widgets = {
            "email_domaenen": forms.Textarea(attrs={"rows": 3}),
            "saml_metadaten_xml": forms.Textarea(attrs={"rows": 6}),
            "saml_zertifikat": forms.Textarea(attrs={"rows": 6}),
            "mfa_kontexte": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        protokoll = data.get("protokoll")
        if protokoll == Protokoll.SAML:
            has_xml = bool((data.get("saml_metadaten_xml") or "").strip())
            has_url = bool(data.get("saml_metadaten_url")) and bool(data.get("saml_entity_id"))
            has_manual = all(data.get(f) for f in ("saml_entity_id", "saml_sso_url", "saml_zertifikat"))
            if not (has_xml or has_url or has_manual):
                raise forms.ValidationError(
                    _(
                        "Bitte geben Sie die Metadaten des IdP an (XML, oder URL mit Entity-ID) oder "
                        "Entity-ID, Single-Sign-On-Adresse und Signaturzertifikat."
                    )
                )
        elif protokoll == Protokoll.OIDC:
            missing = not data.get("oidc_issuer") or not data.get("oidc_client_id")
            no_secret = (
                not data.get("oidc_client_secret") and not self.instance.oidc_client_secret_verschluesselt
            )
            if missing or no_secret:
                raise forms.ValidationError(
                    _("Für OpenID Connect sind Issuer, Client-ID und Client-Secret erforderlich.")
                )
            if "openid" not in (data.get("oidc_scopes") or "").split():
                self.add_error("oidc_scopes", _("Die Scopes müssen „openid“ enthalten."))
        if data.get("mfa_vertraut") and not (data.get("mfa_kontexte") or "").strip():
            self.add_error(
                "mfa_kontexte",
                _("Wer den zweiten Faktor des IdP anerkennt, muss die anerkannten Kontexte angeben."),
            )
        return data


class BehoerdeWahlForm(forms.Form):
    """Choose the authority on the login page, or let the email address's domain pick it."""

    email = forms.EmailField(label=_("Dienstliche E-Mail-Adresse"), required=False)
    anbieter = forms.ModelChoiceField(
        label=_("oder Behörde auswählen"),
        queryset=Identitaetsanbieter.objects.none(),
        required=False,
        empty_label=_("– Behörde wählen –"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anbieter"].queryset = Identitaetsanbieter.objects.aktiv().select_related("behoerde")
        self.fields["anbieter"].label_from_instance = lambda a: a.behoerde.name

    def clean(self):
        data = super().clean()
        anbieter = data.get("anbieter")
        if anbieter is None and data.get("email"):
            anbieter = Identitaetsanbieter.objects.for_email(data["email"])
            if anbieter is None:
                raise forms.ValidationError(
                    _(
                        "Für diese E-Mail-Domäne ist keine Anmeldung über die Behörde eingerichtet. "
                        "Bitte melden Sie sich mit Passwort an."
                    )
                )
        if anbieter is None and not self.errors:
            raise forms.ValidationError(
                _("Bitte geben Sie Ihre dienstliche E-Mail-Adresse ein oder wählen Sie Ihre Behörde.")
            )
        data["anbieter"] = anbieter
        return data
