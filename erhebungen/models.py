"""Erhebungsraster: versioned indicators, survey campaigns, submissions and their history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NUMERIC_MAX_DIGITS = 18
NUMERIC_DECIMALS = 3


class Typ(models.TextChoices):
    ANZAHL = "anzahl", _("Anzahl")
    BETRAG = "betrag", _("Betrag in Euro")
    MENGE = "menge", _("Menge mit Einheit")
    JA_NEIN = "ja_nein", _("Ja/Nein")
    AUSWAHL = "auswahl", _("Auswahl")
    FREITEXT = "freitext", _("Freitext")


class Indikator(models.Model):
    """A stable indicator of the Erhebungsraster; its definition lives in versions."""

    schluessel = models.SlugField(_("Schlüssel"), max_length=80, unique=True)
    fachgebiet = models.ForeignKey(
        "fachgebiete.Fachgebiet", verbose_name=_("Fachgebiet"), on_delete=models.PROTECT, related_name="+"
    )
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["fachgebiet__reihenfolge", "reihenfolge", "schluessel"]

    def __str__(self) -> str:
        version = self.aktuelle_version
        return version.name if version else self.schluessel

    @property
    def aktuelle_version(self):
        """Return the latest version (the definition new campaigns ask for)."""
        return self.versionen.order_by("-nummer").first()


class IndikatorVersion(models.Model):
    """One definition of an indicator. Never edited once reported on: changes create a new version."""

    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, related_name="versionen")
    nummer = models.PositiveIntegerField(_("Version"))
    name = models.CharField(_("Bezeichnung"), max_length=200)
    typ = models.CharField(_("Typ"), max_length=20, choices=Typ.choices)
    einheit = models.CharField(_("Einheit"), max_length=30, blank=True)
    hilfetext = models.TextField(_("Hinweis"), blank=True)
    minimum = models.DecimalField(
        _("Mindestwert"),
        max_digits=NUMERIC_MAX_DIGITS,
        decimal_places=NUMERIC_DECIMALS,
        null=True,
        blank=True,
    )
    maximum = models.DecimalField(
        _("Höchstwert"), max_digits=NUMERIC_MAX_DIGITS, decimal_places=NUMERIC_DECIMALS, null=True, blank=True
    )
    auswahl = models.JSONField(_("Auswahlmöglichkeiten"), default=list, blank=True)
    gueltig_ab = models.DateTimeField(_("gültig ab"), default=timezone.now)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Indikatorversion")
        verbose_name_plural = _("Indikatorversionen")
        ordering = ["indikator", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "nummer"], name="erh_indikatorversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.nummer})"

    @property
    def einheit_anzeige(self) -> str:
        if self.typ == Typ.BETRAG:
            return "€"
        return self.einheit


class ErhebungQuerySet(models.QuerySet):
    def offen(self):
        return self.filter(status=Erhebung.Status.OFFEN)


class Erhebung(models.Model):
    """A survey campaign: a period, the indicators asked, the authorities asked and a deadline."""

    class Status(models.TextChoices):
        ENTWURF = "entwurf", _("Entwurf")
        OFFEN = "offen", _("offen")
        GESCHLOSSEN = "geschlossen", _("geschlossen")

    titel = models.CharField(_("Titel"), max_length=200)
    zeitraum_von = models.DateField(_("Zeitraum von"))
    zeitraum_bis = models.DateField(_("Zeitraum bis"))
    frist = models.DateField(
        _("Meldefrist"), help_text=_("Letzter Tag, an dem Meldungen eingereicht werden können.")
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.ENTWURF)
    erinnerung_tage = models.PositiveSmallIntegerField(
        _("Erinnerung (Tage vor der Frist)"), default=7, help_text=_("0 = keine Erinnerung.")
    )
    indikatoren = models.ManyToManyField(
        IndikatorVersion, verbose_name=_("Indikatoren"), related_name="erhebungen"
    )
    behoerden = models.ManyToManyField(
        "behoerden.Behoerde", verbose_name=_("befragte Behörden"), related_name="erhebungen"
    )
    hinweis = models.TextField(_("Hinweis an die Behörden"), blank=True)
    erstellt_am = models.DateTimeField(auto_now_add=True)

    objects = ErhebungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Erhebung")
        verbose_name_plural = _("Erhebungen")
        ordering = ["-zeitraum_von", "titel"]

    def __str__(self) -> str:
        return self.titel

    @property
    def periode_kurz(self) -> str:
        """Short period label for charts: "Q3/2026" for calendar quarters, else the dates."""
        von, bis = self.zeitraum_von, self.zeitraum_bis
        if (
            von.day == 1
            and von.month in (1, 4, 7, 10)
            and bis.year == von.year
            and bis.month == von.month + 2
        ):
            return f"Q{(von.month - 1) // 3 + 1}/{von.year}"
        return f"{von:%d.%m.%y}–{bis:%d.%m.%y}"

    @property
    def frist_abgelaufen(self) -> bool:
        return timezone.localdate() > self.frist


class MeldungQuerySet(models.QuerySet):
    def eingereicht(self):
        return self.filter(status=Meldung.Status.EINGEREICHT)


class Meldung(models.Model):
    """One authority's submission for one campaign; a shared draft until submitted, then locked."""

    class Status(models.TextChoices):
        ENTWURF = "entwurf", _("Entwurf")
        EINGEREICHT = "eingereicht", _("eingereicht")

    erhebung = models.ForeignKey(Erhebung, on_delete=models.CASCADE, related_name="meldungen")
    behoerde = models.ForeignKey("behoerden.Behoerde", on_delete=models.PROTECT, related_name="meldungen")
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.ENTWURF)
    wiedereroeffnet = models.BooleanField(
        _("von der Geschäftsstelle wieder geöffnet"),
        default=False,
        help_text=_("Erlaubt Bearbeitung und Einreichung auch nach der Frist."),
    )
    eingereicht_am = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    eingereicht_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aktualisiert_am = models.DateTimeField(_("zuletzt gespeichert"), auto_now=True)
    aktualisiert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MeldungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        constraints = [models.UniqueConstraint(fields=["erhebung", "behoerde"], name="erh_meldung_unique")]

    def __str__(self) -> str:
        return f"{self.erhebung} – {self.behoerde}"

    @property
    def ist_eingereicht(self) -> bool:
        return self.status == self.Status.EINGEREICHT


class Wert(models.Model):
    """A reported value, bound to the indicator version it was reported under."""

    meldung = models.ForeignKey(Meldung, on_delete=models.CASCADE, related_name="werte")
    indikator_version = models.ForeignKey(IndikatorVersion, on_delete=models.PROTECT, related_name="werte")
    # Numeric types (and Ja/Nein as 1/0) are stored as Decimal so the database can aggregate them.
    zahl = models.DecimalField(
        max_digits=NUMERIC_MAX_DIGITS, decimal_places=NUMERIC_DECIMALS, null=True, blank=True
    )
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Wert")
        verbose_name_plural = _("Werte")
        constraints = [
            models.UniqueConstraint(fields=["meldung", "indikator_version"], name="erh_wert_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indikator_version_id}: {self.zahl if self.zahl is not None else self.text}"


class Erkenntnis(models.Model):
    """Free-text findings of an authority for one Fachgebiet within a submission."""

    meldung = models.ForeignKey(Meldung, on_delete=models.CASCADE, related_name="erkenntnisse")
    fachgebiet = models.ForeignKey("fachgebiete.Fachgebiet", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("Erkenntnisse"), blank=True)

    class Meta:
        verbose_name = _("Erkenntnis")
        verbose_name_plural = _("Erkenntnisse")
        constraints = [
            models.UniqueConstraint(fields=["meldung", "fachgebiet"], name="erh_erkenntnis_unique")
        ]

    def __str__(self) -> str:
        return f"{self.fachgebiet_id}: {self.text[:40]}"


class MeldungKorrektur(models.Model):
    """History row: a change to a submission after it was submitted or reopened (append-only)."""

    class Art(models.TextChoices):
        KORREKTUR = "korrektur", _("Korrektur durch die Geschäftsstelle")
        WIEDEREROEFFNET = "wiedereroeffnet", _("Wieder geöffnet")
        EINGEREICHT = "eingereicht", _("Eingereicht")

    meldung = models.ForeignKey(Meldung, on_delete=models.CASCADE, related_name="korrekturen")
    art = models.CharField(max_length=20, choices=Art.choices, default=Art.KORREKTUR)
    feld = models.CharField(_("Feld"), max_length=200, blank=True)
    alter_wert = models.TextField(_("alter Wert"), blank=True)
    neuer_wert = models.TextField(_("neuer Wert"), blank=True)
    grund = models.TextField(_("Begründung"), blank=True)
    von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Änderung an einer Meldung")
        verbose_name_plural = _("Änderungen an Meldungen")
        ordering = ["am", "pk"]

    def __str__(self) -> str:
        return f"{self.get_art_display()} {self.feld}"


class Erinnerung(models.Model):
    """A reminder sent to one authority for one deadline (at most one per authority and deadline)."""

    erhebung = models.ForeignKey(Erhebung, on_delete=models.CASCADE, related_name="erinnerungen")
    behoerde = models.ForeignKey("behoerden.Behoerde", on_delete=models.CASCADE, related_name="+")
    frist = models.DateField()
    empfaenger = models.JSONField(default=list)
    versandt_am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen")
        constraints = [
            models.UniqueConstraint(fields=["erhebung", "behoerde", "frist"], name="erh_erinnerung_unique")
        ]

    def __str__(self) -> str:
        return f"{self.erhebung_id}/{self.behoerde_id} {self.frist}"
