"""Identity providers of partner authorities (SAML 2.0 or OpenID Connect), kept by the Geschäftsstelle.

Each record maintains one allauth `SocialApp` (provider `saml` or `openid_connect`, provider id = slug);
the OIDC client secret is stored only encrypted here, never in the SocialApp (see `adapters.list_apps`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Protokoll(models.TextChoices):
    SAML = "saml", _("SAML 2.0")
    OIDC = "oidc", _("OpenID Connect")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]


class IdentitaetsanbieterQuerySet(models.QuerySet):
    def aktiv(self):
        """Return the providers offered on the login page (switched on, authority active)."""
        return self.filter(aktiv=True, behoerde__aktiv=True)

    def for_email(self, email: str):
        """Return the active provider whose email domains contain this address's domain, or None."""
        domain = (email or "").rpartition("@")[2].strip().lower()
        if not domain:
            return None
        for anbieter in self.aktiv().select_related("behoerde"):
            if domain in anbieter.domaenen:
                return anbieter
        return None


class Identitaetsanbieter(models.Model):
    """The identity provider (IdP) of one partner authority: its staff log in with their own account."""

    behoerde = models.OneToOneField(
        "behoerden.Behoerde",
        verbose_name=_("Behörde"),
        on_delete=models.CASCADE,
        related_name="identitaetsanbieter",
    )
    slug = models.SlugField(
        _("Kennung"),
        max_length=60,
        unique=True,
        help_text=_("Teil der Adressen (Metadaten, Rücksprung); nach der Einrichtung nicht mehr ändern."),
    )
    protokoll = models.CharField(_("Protokoll"), max_length=10, choices=Protokoll.choices)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    email_domaenen = models.TextField(
        _("E-Mail-Domänen"),
        help_text=_(
            "Eine Domäne je Zeile, z. B. polizei.nrw.de. Der Anbieter darf nur für Adressen dieser Domänen "
            "anmelden; an ihnen erkennt die Anmeldeseite die Behörde."
        ),
    )
    # SAML 2.0
    saml_metadaten_url = models.URLField(_("SAML: Metadaten-URL des IdP"), blank=True)
    saml_metadaten_xml = models.TextField(_("SAML: Metadaten (XML) des IdP"), blank=True)
    saml_entity_id = models.CharField(_("SAML: Entity-ID des IdP"), max_length=500, blank=True)
    saml_sso_url = models.URLField(_("SAML: Single-Sign-On-Adresse"), max_length=500, blank=True)
    saml_slo_url = models.URLField(_("SAML: Single-Logout-Adresse"), max_length=500, blank=True)
    saml_zertifikat = models.TextField(_("SAML: Signaturzertifikat des IdP (PEM)"), blank=True)
    saml_abmeldung_signiert = models.BooleanField(
        _("SAML: IdP signiert Abmeldenachrichten"),
        default=True,
        help_text=_(
            "Das Portal nimmt Abmeldenachrichten (LogoutRequest, LogoutResponse) des IdP nur mit gültiger "
            "Signatur an. Nur ausschalten, wenn der IdP sie nicht signieren kann: dann kann jede fremde "
            "Seite eine Person aus dem Portal abmelden."
        ),
    )
    # OpenID Connect
    oidc_issuer = models.URLField(_("OIDC: Issuer"), max_length=500, blank=True)
    oidc_client_id = models.CharField(_("OIDC: Client-ID"), max_length=200, blank=True)
    oidc_client_secret_verschluesselt = models.TextField(editable=False, blank=True)
    oidc_scopes = models.CharField(_("OIDC: Scopes"), max_length=300, default="openid email profile")
    # Attribute (SAML) or claim (OIDC) names
    zuordnung_email = models.CharField(_("Attribut/Claim: E-Mail"), max_length=200, blank=True)
    zuordnung_vorname = models.CharField(_("Attribut/Claim: Vorname"), max_length=200, blank=True)
    zuordnung_nachname = models.CharField(_("Attribut/Claim: Nachname"), max_length=200, blank=True)
    zuordnung_funktion = models.CharField(
        _("Attribut/Claim: Funktion"),
        max_length=200,
        blank=True,
        help_text=_(
            "Wenn gesetzt, übernimmt das Portal bei jeder Anmeldung über die Behörde die Funktion (und den "
            "Namen) der Person aus diesem Attribut bzw. Claim, z. B. title."
        ),
    )
    # Unknown people of this authority
    einladungsanfrage = models.BooleanField(
        _("Anfrage zur Einladung erlauben"),
        default=False,
        help_text=_(
            "Unbekannte Personen der Behörde können nach der Anmeldung über die Behörde die Ansprechperson "
            "bitten, sie einzuladen. Es entsteht dabei kein Konto."
        ),
    )
    # Second factor
    mfa_vertraut = models.BooleanField(
        _("Zweiten Faktor des IdP anerkennen"),
        default=False,
        help_text=_(
            "Nur wenn die Anmeldung einen der unten genannten Kontexte meldet und frisch ist; "
            "sonst fragt das Portal seinen eigenen zweiten Faktor ab."
        ),
    )
    mfa_kontexte = models.TextField(
        _("Anerkannte MFA-Kontexte"),
        blank=True,
        help_text=_("SAML AuthnContextClassRef bzw. OIDC acr-/amr-Werte, einer je Zeile."),
    )
    mfa_hoechstalter_minuten = models.PositiveIntegerField(
        _("Höchstalter der IdP-Anmeldung (Minuten)"), default=10
    )
    geaendert_am = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = IdentitaetsanbieterQuerySet.as_manager()

    class Meta:
        verbose_name = _("Identitätsanbieter")
        verbose_name_plural = _("Identitätsanbieter")
        ordering = ["behoerde__name"]

    def __str__(self) -> str:
        return f"{self.behoerde} ({self.get_protokoll_display()})"

    @property
    def domaenen(self) -> list[str]:
        return [d.lower().lstrip("@") for d in _lines(self.email_domaenen)]

    @property
    def kontexte(self) -> list[str]:
        return _lines(self.mfa_kontexte)

    @property
    def allauth_provider(self) -> str:
        return "saml" if self.protokoll == Protokoll.SAML else "openid_connect"
