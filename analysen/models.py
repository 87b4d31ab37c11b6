"""360°-Analysen as cases (Analysevorgang): the authorities taking part and their named people,
contributions (Beiträge) in versions, the Auswertebericht, Fallbesprechungen with follow-up tasks."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import access

VS_MARKING = "VS – NUR FÜR DEN DIENSTGEBRAUCH"


class Klassifikation(models.TextChoices):
    OFFEN = "offen", _("offen")
    VSNFD = "vsnfd", _("VS-NfD")


class Quellenkategorie(models.TextChoices):
    OEFFENTLICH = "oeffentlich", _("öffentlich")
    KOMMUNAL = "kommunal", _("kommunal")
    SICHERHEITSBEHOERDLICH = "sicherheitsbehoerdlich", _("sicherheitsbehördlich")


class VorgangQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Need-to-know: the Geschäftsstelle sees every case; others only the cases they are named in
        as a person of an authority that still takes part (see `analysen.access`)."""
        return self.filter(access.visibility_filter(user))


class Analysevorgang(models.Model):
    """A 360°-Analyse as a case, opened from an Anfrage or on the Geschäftsstelle's own initiative."""

    class Status(models.TextChoices):
        ANGEFRAGT = "angefragt", _("angefragt")
        IN_BEARBEITUNG = "in_bearbeitung", _("in Bearbeitung")
        BEITRAEGE_AUSSTEHEND = "beitraege_ausstehend", _("Beiträge ausstehend")
        BERICHT_IN_FREIGABE = "bericht_in_freigabe", _("Bericht in Freigabe")
        ABGESCHLOSSEN = "abgeschlossen", _("abgeschlossen")

    aktenzeichen = models.CharField(_("Aktenzeichen"), max_length=20, unique=True)
    betreff = models.CharField(_("Betreff"), max_length=200)
    zweck = models.TextField(_("Zweck des Austauschs"), max_length=5000)
    rechtsgrundlage = models.CharField(_("Rechtsgrundlage des Austauschs"), max_length=300)
    klassifikation = models.CharField(
        _("Einstufung"), max_length=10, choices=Klassifikation.choices, default=Klassifikation.OFFEN
    )
    anfrage = models.ForeignKey(
        "anfragen.Anfrage",
        verbose_name=_("Anfrage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="analysevorgaenge",
    )
    anfragende_behoerde = models.ForeignKey(
        "behoerden.Behoerde",
        verbose_name=_("anfragende Behörde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    fallfuehrung = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Fallführung (Geschäftsstelle)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("Status"), max_length=30, choices=Status.choices, default=Status.IN_BEARBEITUNG
    )
    loeschfrist = models.DateField(_("Löschfrist"))
    loeschfrist_verlaengert_am = models.DateTimeField(_("Löschfrist verlängert am"), null=True, blank=True)
    loeschfrist_verlaengerung_grund = models.CharField(
        _("Grund der Verlängerung"), max_length=300, blank=True
    )
    loeschfrist_erinnert_am = models.DateTimeField(null=True, blank=True, editable=False)
    inhalte_geloescht_am = models.DateTimeField(_("Inhalte gelöscht am"), null=True, blank=True)
    erstellt = models.DateTimeField(_("eröffnet am"), auto_now_add=True)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("eröffnet von")
    )
    abgeschlossen_am = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)

    objects = VorgangQuerySet.as_manager()

    class Meta:
        verbose_name = _("Analysevorgang")
        verbose_name_plural = _("Analysevorgänge")
        ordering = ["-erstellt", "-id"]

    def __str__(self) -> str:
        # The reference number only: audit entries and notifications outlive the deleted content.
        return self.aktenzeichen

    def get_absolute_url(self) -> str:
        return reverse("analysen:detail", args=[self.pk])

    @property
    def ist_vsnfd(self) -> bool:
        return self.klassifikation == Klassifikation.VSNFD

    @property
    def ist_abgeschlossen(self) -> bool:
        return self.status == self.Status.ABGESCHLOSSEN


class BeteiligungQuerySet(models.QuerySet):
    def active(self):
        return self.filter(entfernt_am__isnull=True)


class Beteiligung(models.Model):
    """An authority taking part in a case, with the people it named; removal keeps the row (history)."""

    vorgang = models.ForeignKey(Analysevorgang, on_delete=models.CASCADE, related_name="beteiligungen")
    behoerde = models.ForeignKey(
        "behoerden.Behoerde", verbose_name=_("Behörde"), on_delete=models.PROTECT, related_name="+"
    )
    personen = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("benannte Personen"), blank=True, related_name="+"
    )
    hinzugefuegt_am = models.DateTimeField(auto_now_add=True)
    hinzugefuegt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grund = models.CharField(_("Grund der Beteiligung"), max_length=300, blank=True)
    entfernt_am = models.DateTimeField(null=True, blank=True)
    entfernt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entfernungsgrund = models.CharField(_("Grund der Entfernung"), max_length=300, blank=True)

    objects = BeteiligungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Beteiligung")
        verbose_name_plural = _("Beteiligungen")
        ordering = ["hinzugefuegt_am", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vorgang", "behoerde"],
                condition=Q(entfernt_am__isnull=True),
                name="analysen_eine_aktive_beteiligung_je_behoerde",
            )
        ]

    def __str__(self) -> str:
        return f"{self.vorgang_id}: {self.behoerde_id}"


class Beitragsanforderung(models.Model):
    """The Geschäftsstelle asks one participating authority for its contribution, with a due date."""

    vorgang = models.ForeignKey(Analysevorgang, on_delete=models.CASCADE, related_name="anforderungen")
    behoerde = models.ForeignKey("behoerden.Behoerde", on_delete=models.PROTECT, related_name="+")
    frist = models.DateField(_("Frist"))
    angefordert_am = models.DateTimeField(auto_now_add=True)
    angefordert_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    erinnert_am = models.DateTimeField(_("zuletzt erinnert am"), null=True, blank=True)
    erinnerungen = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Beitragsanforderung")
        verbose_name_plural = _("Beitragsanforderungen")
        ordering = ["frist", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vorgang", "behoerde"], name="analysen_eine_anforderung_je_behoerde"
            )
        ]

    def __str__(self) -> str:
        return f"{self.vorgang_id}: {self.behoerde_id} bis {self.frist}"


class AnalyseBeitrag(models.Model):
    """One version of an authority's contribution; a new submission is a new version, the old ones stay.

    Versions the Auswertebericht draws on are locked (`gesperrt_am`): no further version after that."""

    anforderung = models.ForeignKey(Beitragsanforderung, on_delete=models.CASCADE, related_name="beitraege")
    version = models.PositiveSmallIntegerField(_("Version"))
    text = models.TextField(_("Beitrag"), max_length=20000)
    quellenkategorie = models.CharField(
        _("Quellenkategorie"), max_length=30, choices=Quellenkategorie.choices
    )
    rechtsgrundlage = models.CharField(_("Rechtsgrundlage der Übermittlung"), max_length=300)
    eingereicht_am = models.DateTimeField(auto_now_add=True)
    eingereicht_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gesperrt_am = models.DateTimeField(_("vom Bericht verwendet seit"), null=True, blank=True)

    class Meta:
        verbose_name = _("Beitrag zur Analyse")
        verbose_name_plural = _("Beiträge zur Analyse")
        ordering = ["anforderung", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["anforderung", "version"], name="analysen_beitrag_version_einmal")
        ]

    def __str__(self) -> str:
        return f"Beitrag {self.anforderung_id} v{self.version}"


class BeitragDatei(models.Model):
    """A file of a contribution version, stored through the shared upload check (`dateien`)."""

    beitrag = models.ForeignKey(AnalyseBeitrag, on_delete=models.CASCADE, related_name="dateien")
    datei = models.ForeignKey("dateien.Datei", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.datei_id)


class Auswertebericht(models.Model):
    """The case lead's report: structured text, the final PDF, four-eyes release within the Geschäftsstelle."""

    class Status(models.TextChoices):
        ENTWURF = "entwurf", _("Entwurf")
        IN_FREIGABE = "in_freigabe", _("in Freigabe")
        FREIGEGEBEN = "freigegeben", _("freigegeben")

    vorgang = models.OneToOneField(Analysevorgang, on_delete=models.CASCADE, related_name="bericht")
    fragestellung = models.TextField(_("Fragestellung"), max_length=5000)
    quellen = models.TextField(_("Verwendete Quellen"), max_length=5000, blank=True)
    erkenntnisse = models.TextField(_("Erkenntnisse"), max_length=20000)
    empfehlungen = models.TextField(_("Empfehlungen"), max_length=10000, blank=True)
    pdf = models.ForeignKey(
        "dateien.Datei", verbose_name=_("Bericht (PDF)"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.ENTWURF)
    verfasst_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    geaendert = models.DateTimeField(auto_now=True)
    eingereicht_am = models.DateTimeField(null=True, blank=True)
    freigegeben_am = models.DateTimeField(null=True, blank=True)
    freigegeben_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    beitraege = models.ManyToManyField(AnalyseBeitrag, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Auswertebericht")
        verbose_name_plural = _("Auswerteberichte")

    def __str__(self) -> str:
        return f"Auswertebericht {self.vorgang_id}"


class Verbindung(models.Model):
    """One row of the report's table of links: from (name, kind) – relation – to (name, kind), source."""

    class Art(models.TextChoices):
        PERSON = "person", _("Person")
        FIRMA = "firma", _("Firma")
        ORT = "ort", _("Ort")

    bericht = models.ForeignKey(Auswertebericht, on_delete=models.CASCADE, related_name="verbindungen")
    position = models.PositiveSmallIntegerField(default=0)
    von_name = models.CharField(_("von (Name)"), max_length=200)
    von_art = models.CharField(_("von (Art)"), max_length=10, choices=Art.choices)
    beziehung = models.CharField(_("Beziehung"), max_length=200)
    zu_name = models.CharField(_("zu (Name)"), max_length=200)
    zu_art = models.CharField(_("zu (Art)"), max_length=10, choices=Art.choices)
    quelle = models.CharField(_("Quelle / Bemerkung"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Verbindung")
        verbose_name_plural = _("Verbindungen")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.bericht_id}: {self.position}"


class Fallbesprechung(models.Model):
    """A case conference: invited people of participating authorities, agenda, minutes released by the lead."""

    vorgang = models.ForeignKey(Analysevorgang, on_delete=models.CASCADE, related_name="fallbesprechungen")
    beginn = models.DateTimeField(_("Beginn"))
    dauer_minuten = models.PositiveSmallIntegerField(_("Dauer (Minuten)"), default=90)
    ort = models.CharField(_("Ort"), max_length=200, blank=True)
    video_link = models.URLField(_("Videokonferenz-Link"), blank=True)
    tagesordnung = models.TextField(_("Tagesordnung"), max_length=5000)
    protokoll = models.TextField(_("Protokoll"), max_length=20000, blank=True)
    protokoll_freigegeben_am = models.DateTimeField(null=True, blank=True)
    # iCalendar: every change sent to the invited people raises the SEQUENCE of the one stable UID.
    sequenz = models.PositiveIntegerField(default=0, editable=False)
    abgesagt_am = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    erstellt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    erstellt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Fallbesprechung")
        verbose_name_plural = _("Fallbesprechungen")
        ordering = ["beginn", "id"]

    def __str__(self) -> str:
        return f"Fallbesprechung {self.vorgang_id} am {self.beginn:%d.%m.%Y}"

    @property
    def ende(self):
        return self.beginn + datetime.timedelta(minutes=self.dauer_minuten)

    @property
    def ist_abgesagt(self) -> bool:
        return self.abgesagt_am is not None


class Einladung(models.Model):
    """An invited person and their answer."""

    class Antwort(models.TextChoices):
        OFFEN = "offen", _("keine Antwort")
        ZUGESAGT = "zugesagt", _("zugesagt")
        ABGESAGT = "abgesagt", _("abgesagt")

    fallbesprechung = models.ForeignKey(Fallbesprechung, on_delete=models.CASCADE, related_name="einladungen")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    antwort = models.CharField(_("Antwort"), max_length=10, choices=Antwort.choices, default=Antwort.OFFEN)
    beantwortet_am = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["fallbesprechung", "person"], name="analysen_einladung_einmal")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.antwort}"


class Aufgabe(models.Model):
    """A follow-up task of a case conference: what, which authority, by when, status."""

    class Status(models.TextChoices):
        OFFEN = "offen", _("offen")
        IN_ARBEIT = "in_arbeit", _("in Arbeit")
        ERLEDIGT = "erledigt", _("erledigt")

    fallbesprechung = models.ForeignKey(Fallbesprechung, on_delete=models.CASCADE, related_name="aufgaben")
    was = models.CharField(_("Aufgabe"), max_length=500)
    behoerde = models.ForeignKey(
        "behoerden.Behoerde", verbose_name=_("zuständige Behörde"), on_delete=models.PROTECT, related_name="+"
    )
    frist = models.DateField(_("bis"))
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.OFFEN)
    geaendert_am = models.DateTimeField(auto_now=True)
    ueberfaellig_gemeldet_am = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["frist", "id"]

    def __str__(self) -> str:
        return self.was
