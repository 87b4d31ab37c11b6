"""Append-only audit log. Nothing in the application updates or deletes an entry."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.labels import choice_label

from .access import visibility_filter


class Aktion(models.TextChoices):
    """Every audited action has its own value, so that the log's filter can select it.

    New actions get a value here (and a migration for the field's choices); there is no free-text
    catch-all. Values of the former catch-all's `vorgang` detail were kept as the new values, so that
    `LEGACY_SONSTIGES` rows written before can be shown and filtered under their action.
    """

    # Login and accounts
    LOGIN_ERFOLG = "login.erfolg", _("Anmeldung erfolgreich")
    LOGIN_FEHLSCHLAG = "login.fehlschlag", _("Anmeldung fehlgeschlagen")
    LOGOUT = "logout", _("Abmeldung")
    MFA_HINZUGEFUEGT = "mfa.hinzugefuegt", _("Zweiter Faktor eingerichtet")
    MFA_ENTFERNT = "mfa.entfernt", _("Zweiter Faktor entfernt")
    MFA_CODES_NEU = "mfa.codes_neu", _("Wiederherstellungscodes neu erzeugt")
    EINLADUNG_VERSANDT = "einladung.versandt", _("Einladung versandt")
    EINLADUNG_ANGENOMMEN = "einladung.angenommen", _("Einladung angenommen")
    EINLADUNG_WIDERRUFEN = "einladung.widerrufen", _("Einladung widerrufen")
    ROLLE_GEAENDERT = "rolle.geaendert", _("Rolle geändert")
    BERECHTIGUNG_GEAENDERT = "berechtigung.geaendert", _("Berechtigung geändert")
    KONTO_DEAKTIVIERT = "konto.deaktiviert", _("Konto deaktiviert")
    KONTO_REAKTIVIERT = "konto.reaktiviert", _("Konto reaktiviert")
    KONTO_REZERTIFIZIERT = "konto.rezertifiziert", _("Konto rezertifiziert")
    KONTO_GESPERRT = "konto.gesperrt", _("Konto mangels Rezertifizierung gesperrt")
    PASSWORT_GEAENDERT = "passwort.geaendert", _("Passwort geändert")
    EMAIL_GEAENDERT = "email.geaendert", _("E-Mail-Adresse geändert")
    LOGIN_VERZOEGERT = "login.verzoegert", _("Anmeldung wegen Fehlversuchen verzögert")
    LOGIN_WARNUNG = "login.warnung", _("Warnung über Fehlversuche versandt")
    PROFIL_GEAENDERT = "profil.geaendert", _("Profil geändert")
    BEHOERDE_GEAENDERT = "behoerde.geaendert", _("Behördeneintrag geändert")
    # Access, files and exports
    ZUGRIFF_VERWEIGERT = "zugriff.verweigert", _("Zugriff verweigert")
    OBJEKT_ANGESEHEN = "objekt.angesehen", _("Objekt angesehen")
    DATEI_HERUNTERGELADEN = "datei.heruntergeladen", _("Datei heruntergeladen")
    DATEI_ABGELEHNT = "datei.abgelehnt", _("Datei-Upload abgelehnt")
    EXPORT = "export", _("Export")
    # Lagebilder
    LAGEBILD_BEARBEITET = "lagebild.bearbeitet", _("Lagebild bearbeitet")
    LAGEBILD_VEROEFFENTLICHT = "lagebild.veroeffentlicht", _("Lagebild veröffentlicht")
    LAGEBILD_ZURUECKGEZOGEN = "lagebild.zurueckgezogen", _("Lagebild zurückgezogen")
    # Erhebungen
    MELDUNG_EINGEREICHT = "meldung.eingereicht", _("Meldung eingereicht")
    MELDUNG_KORRIGIERT = "meldung.korrigiert", _("Meldung korrigiert")
    MELDUNG_WIEDEREROEFFNET = "meldung.wiedereroeffnet", _("Meldung wieder geöffnet")
    # Prävention
    MASSNAHME_VORGESCHLAGEN = "massnahme.vorgeschlagen", _("Maßnahme vorgeschlagen")
    MASSNAHME_GEAENDERT = "massnahme.geaendert", _("Maßnahme geändert")
    MASSNAHME_FREIGEGEBEN = "massnahme.freigegeben", _("Maßnahme freigegeben")
    MASSNAHME_ABGELEHNT = "massnahme.abgelehnt", _("Maßnahme abgelehnt")
    # Arbeitskreise
    AK_BEITRITT_ANGEFRAGT = "arbeitskreis.beitritt_angefragt", _("Beitritt zu Arbeitskreis angefragt")
    AK_BEITRITT_ANGENOMMEN = "arbeitskreis.beitritt_angenommen", _("Beitrittsanfrage angenommen")
    AK_BEITRITT_ABGELEHNT = "arbeitskreis.beitritt_abgelehnt", _("Beitrittsanfrage abgelehnt")
    AK_SITZUNG_ANGELEGT = "arbeitskreis.sitzung_angelegt", _("Arbeitskreis-Sitzung angelegt")
    AK_SITZUNG_GELOESCHT = "arbeitskreis.sitzung_geloescht", _("Arbeitskreis-Sitzung gelöscht")
    AK_DOKUMENT_HOCHGELADEN = "arbeitskreis.dokument_hochgeladen", _("Arbeitskreis-Dokument hochgeladen")
    # Fachveranstaltungen
    KALENDER_ABO_ERSTELLT = "kalender_abo.erstellt", _("Kalender-Abonnement erstellt")
    KALENDER_ABO_ERNEUERT = "kalender_abo.erneuert", _("Kalender-Abonnement erneuert")
    KALENDER_ABO_WIDERRUFEN = "kalender_abo.widerrufen", _("Kalender-Abonnement beendet")
    # Austausch (board)
    BEITRAG_GELOESCHT = "austausch.beitrag_geloescht", _("Beitrag gelöscht")
    BEITRAG_VERBORGEN = "austausch.beitrag_verborgen", _("Beitrag verborgen")
    BEITRAG_GEZEIGT = "austausch.beitrag_gezeigt", _("Beitrag wieder angezeigt")
    BEITRAG_GEMELDET = "austausch.beitrag_gemeldet", _("Beitrag gemeldet")
    MELDUNG_ERLEDIGT = "austausch.meldung_erledigt", _("Meldung zu Beitrag erledigt")
    THEMA_GESCHLOSSEN = "austausch.thema_schliessen", _("Thema geschlossen")
    THEMA_GEOEFFNET = "austausch.thema_oeffnen", _("Thema wieder geöffnet")
    THEMA_ANGEHEFTET = "austausch.thema_anheften", _("Thema angeheftet")
    THEMA_GELOEST = "austausch.thema_loesen", _("Thema nicht mehr angeheftet")
    THEMA_VERBORGEN = "austausch.thema_verbergen", _("Thema verborgen")
    THEMA_GEZEIGT = "austausch.thema_zeigen", _("Thema wieder angezeigt")
    THEMA_VERSCHOBEN = "austausch.thema_verschieben", _("Thema verschoben")
    AUSTAUSCH_AUFBEWAHRUNG = "austausch.aufbewahrung", _("Aufbewahrungsfrist im Austausch angewendet")
    # Anfragen an die Geschäftsstelle
    ANFRAGE_EINGEGANGEN = "anfrage.eingegangen", _("Anfrage eingegangen")
    ANFRAGE_IN_BEARBEITUNG = "anfrage.in_bearbeitung", _("Anfrage in Bearbeitung")
    ANFRAGE_RUECKFRAGE = "anfrage.rueckfrage", _("Rückfrage zu Anfrage gestellt")
    ANFRAGE_RUECKFRAGE_BEANTWORTET = "anfrage.rueckfrage_beantwortet", _("Rückfrage zu Anfrage beantwortet")
    ANFRAGE_ABGESCHLOSSEN = "anfrage.abgeschlossen", _("Anfrage abgeschlossen")
    ANFRAGE_ABGELEHNT = "anfrage.abgelehnt", _("Anfrage abgelehnt")
    # 360°-Analysen (app analysen)
    ANALYSE_EROEFFNET = "analyse.eroeffnet", _("Analysevorgang eröffnet")
    ANALYSE_BETEILIGUNG_HINZU = "analyse.beteiligung_hinzu", _("Behörde an Analyse beteiligt")
    ANALYSE_BETEILIGUNG_ENTFERNT = "analyse.beteiligung_entfernt", _("Behörde aus Analyse entfernt")
    ANALYSE_PERSON_BENANNT = "analyse.person_benannt", _("Person für Analyse benannt")
    ANALYSE_BEITRAG_ANGEFORDERT = "analyse.beitrag_angefordert", _("Beitrag zur Analyse angefordert")
    ANALYSE_BEITRAG_ERINNERT = "analyse.beitrag_erinnert", _("An Beitrag zur Analyse erinnert")
    ANALYSE_BEITRAG_EINGEREICHT = "analyse.beitrag_eingereicht", _("Beitrag zur Analyse eingereicht")
    ANALYSE_BERICHT_GESPEICHERT = "analyse.bericht_gespeichert", _("Auswertebericht gespeichert")
    ANALYSE_BERICHT_EINGEREICHT = "analyse.bericht_eingereicht", _("Auswertebericht zur Freigabe eingereicht")
    ANALYSE_BERICHT_FREIGEGEBEN = "analyse.bericht_freigegeben", _("Auswertebericht freigegeben")
    ANALYSE_FALLBESPRECHUNG = "analyse.fallbesprechung", _("Fallbesprechung angesetzt")
    ANALYSE_FALLBESPRECHUNG_GEAENDERT = "analyse.fallbesprechung_geaendert", _("Fallbesprechung geändert")
    ANALYSE_FALLBESPRECHUNG_ABGESAGT = "analyse.fallbesprechung_abgesagt", _("Fallbesprechung abgesagt")
    ANALYSE_EINLADUNG_BEANTWORTET = (
        "analyse.einladung_beantwortet",
        _("Einladung zur Fallbesprechung beantwortet"),
    )
    ANALYSE_PROTOKOLL_FREIGEGEBEN = (
        "analyse.protokoll_freigegeben",
        _("Protokoll der Fallbesprechung freigegeben"),
    )
    ANALYSE_AUFGABE_ANGELEGT = "analyse.aufgabe_angelegt", _("Aufgabe aus Fallbesprechung angelegt")
    ANALYSE_AUFGABE_GEAENDERT = "analyse.aufgabe_geaendert", _("Status einer Aufgabe geändert")
    ANALYSE_ABGESCHLOSSEN = "analyse.abgeschlossen", _("Analysevorgang abgeschlossen")
    ANALYSE_LOESCHFRIST_VERLAENGERT = (
        "analyse.loeschfrist_verlaengert",
        _("Löschfrist einer Analyse verlängert"),
    )
    ANALYSE_INHALTE_GELOESCHT = "analyse.inhalte_geloescht", _("Inhalte einer Analyse gelöscht (Löschfrist)")
    ANALYSE_ABGELEHNT = "analyse.abgelehnt", _("Eingabe zu Analyse abgelehnt")
    # Newsletter
    NEWSLETTER_EINGEREICHT = "newsletter.eingereicht", _("Newsletter-Ausgabe zur Freigabe eingereicht")
    NEWSLETTER_FREIGEGEBEN = "newsletter.freigegeben", _("Newsletter-Ausgabe freigegeben")
    NEWSLETTER_ZURUECKGESETZT = "newsletter.zurueckgesetzt", _("Newsletter-Ausgabe zurückgesetzt")
    NEWSLETTER_VERSAND_GESTARTET = "newsletter.versand_gestartet", _("Newsletter-Versand gestartet")
    NEWSLETTER_ABBESTELLT = "newsletter.abbestellt", _("Newsletter abbestellt")
    # Redaktion (CMS)
    SEITE_NOTVEROEFFENTLICHT = "seite.notveroeffentlichung", _("Seite ohne Freigabe veröffentlicht (Notfall)")
    # Rechtliches (rechtliches/)
    REGELWERK_BESTAETIGT = "rechtliches.bestaetigt", _("Nutzungsbedingungen und Merkblatt bestätigt")
    RUECKMELDUNG_EINGEGANGEN = (
        "barrierefreiheit.rueckmeldung",
        _("Rückmeldung zur Barrierefreiheit eingegangen"),
    )
    RUECKMELDUNG_ERLEDIGT = "barrierefreiheit.erledigt", _("Rückmeldung zur Barrierefreiheit erledigt")
    EIGENE_DATEN_ABGERUFEN = "datenauskunft", _("Auskunft über eigene Daten abgerufen")
    FOEDERATION_ANMELDUNG = "foederation.anmeldung", _("Anmeldung über die eigene Behörde")
    FOEDERATION_ABGELEHNT = "foederation.abgelehnt", _("Anmeldung über die eigene Behörde abgelehnt")
    FOEDERATION_VERKNUEPFT = "foederation.verknuepft", _("Konto mit dem Konto der Behörde verknüpft")
    FOEDERATION_VERKNUEPFUNG_ENTFERNT = (
        "foederation.verknuepfung_entfernt",
        _("Verknüpfung mit dem Konto der Behörde entfernt"),
    )
    FOEDERATION_KONFIGURIERT = "foederation.konfiguriert", _("Identitätsanbieter einer Behörde geändert")
    FOEDERATION_EINLADUNG_ERBETEN = (
        "foederation.einladung_erbeten",
        _("Einladung nach Anmeldung über die eigene Behörde erbeten"),
    )
    FOEDERATION_ABMELDUNG_ABGELEHNT = (
        "foederation.abmeldung_abgelehnt",
        _("Abmeldenachricht des Identitätsanbieters abgelehnt"),
    )


# The former free-text catch-all. Rows written with it before every action had its own value stay as
# they are (the table is append-only, also in the database), so the value is no Aktion any more —
# `audit_log` cannot write it — but such a row is shown and filtered under the Aktion named by its
# `vorgang` detail.
LEGACY_SONSTIGES = "sonstiges"
LEGACY_LABEL = _("Sonstiges")


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Protokolleinträge sind unveränderlich.")

    def delete(self):
        raise PermissionError("Protokolleinträge können nicht gelöscht werden.")

    def with_aktion(self, aktion: str):
        """Return the entries of this action, including rows of the former catch-all that named it."""
        return self.filter(
            models.Q(aktion=aktion) | models.Q(aktion=LEGACY_SONSTIGES, details__vorgang=str(aktion))
        )

    def visible_to(self, user):
        """Return the entries this person may read: all for the Geschäftsstelle, own staff for an Ansprechpartner."""
        return self.filter(visibility_filter(user))


class AuditEntry(models.Model):
    """One audited event: who (and their authority), what, on which object, when, from where."""

    zeitpunkt = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    aktion = models.CharField(_("Aktion"), max_length=40, choices=Aktion.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handelnde Person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_repr = models.CharField(_("handelnde Person (Text)"), max_length=300, blank=True)
    actor_behoerde_repr = models.CharField(_("Behörde der handelnden Person"), max_length=300, blank=True)
    # The authority the entry concerns (the affected person's or object's); scopes the Ansprechpartner's view.
    behoerde = models.ForeignKey(
        "behoerden.Behoerde",
        verbose_name=_("betroffene Behörde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("betroffene Person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    objekt_typ = models.CharField(_("Objekttyp"), max_length=100, blank=True, db_index=True)
    objekt_id = models.CharField(_("Objekt-ID"), max_length=64, blank=True, db_index=True)
    objekt_repr = models.CharField(_("Objekt"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    user_agent = models.CharField(_("Browser (User-Agent)"), max_length=300, blank=True, db_default="")
    details = models.JSONField(_("Details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-zeitpunkt", "-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["behoerde", "-zeitpunkt"]),
            models.Index(fields=["objekt_typ", "objekt_id", "-zeitpunkt"]),
        ]

    def __str__(self) -> str:
        return f"{self.zeitpunkt:%d.%m.%Y %H:%M} {self.aktion_label} {self.actor_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Protokolleinträge sind unveränderlich.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Protokolleinträge können nicht gelöscht werden.")

    @property
    def aktion_label(self) -> str:
        """Return the action's label in the active language (like get_aktion_display(), cheaper)."""
        if self.aktion == LEGACY_SONSTIGES:
            vorgang = self.details.get("vorgang") if isinstance(self.details, dict) else None
            return choice_label(Aktion, vorgang) if vorgang in Aktion.values else str(LEGACY_LABEL)
        return choice_label(Aktion, self.aktion)
