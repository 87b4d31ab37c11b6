"""The exchange board (Informationsaustausch): areas, threads, posts, read state, subscriptions,
notifications, reports and requests to the Geschäftsstelle."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _


class BereichQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the areas this person may see: all open areas, and the areas of their Arbeitskreise."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_geschaeftsstelle:
            return self.all()
        from arbeitskreise.access import arbeitskreise_of

        return self.filter(
            Q(arbeitskreis__isnull=True) | Q(arbeitskreis__in=arbeitskreise_of(user).values("pk"))
        )


class Bereich(models.Model):
    """An area of the board: the general area, one per Fachgebiet, one (closed) per Arbeitskreis."""

    class Art(models.TextChoices):
        ALLGEMEIN = "allgemein", _("Allgemein")
        FACHGEBIET = "fachgebiet", _("Fachgebiet")
        ARBEITSKREIS = "arbeitskreis", _("Arbeitskreis")

    name = models.CharField(_("Name"), max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    art = models.CharField(_("Art"), max_length=20, choices=Art.choices)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    fachgebiet = models.OneToOneField(
        "fachgebiete.Fachgebiet", on_delete=models.CASCADE, null=True, blank=True, related_name="bereich"
    )
    arbeitskreis = models.OneToOneField(
        "arbeitskreise.Arbeitskreis", on_delete=models.CASCADE, null=True, blank=True, related_name="bereich"
    )
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = BereichQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bereich")
        verbose_name_plural = _("Bereiche")
        ordering = ["reihenfolge", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def ist_geschlossen(self) -> bool:
        return self.arbeitskreis_id is not None


class ThemaQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the threads this person may see: in visible areas; hidden ones only for moderators."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_geschaeftsstelle:
            return self.all()
        from arbeitskreise.access import arbeitskreise_led_by

        led = arbeitskreise_led_by(user).values("pk")
        return self.filter(bereich__in=Bereich.objects.visible_to(user)).filter(
            Q(ist_verborgen=False) | Q(bereich__arbeitskreis__in=led)
        )

    def active(self):
        return self.filter(archiviert_am__isnull=True)

    def with_unread(self, user):
        """Annotate `ungelesen` (no read mark covering the last activity) in the same query."""
        read = Lesestand.objects.filter(
            user=user, thema=OuterRef("pk"), gelesen_bis__gte=OuterRef("letzte_aktivitaet")
        )
        return self.annotate(ungelesen=~Exists(read))

    def for_listing(self):
        return self.select_related("autor__behoerde", "bereich", "letzter_autor").order_by(
            "-ist_angeheftet", "-letzte_aktivitaet"
        )


class Thema(models.Model):
    """A thread: a question, information or hint, in one area."""

    class Art(models.TextChoices):
        FRAGE = "frage", _("Frage")
        INFORMATION = "information", _("Information")
        HINWEIS = "hinweis", _("Hinweis")

    bereich = models.ForeignKey(
        Bereich, verbose_name=_("Bereich"), on_delete=models.PROTECT, related_name="themen"
    )
    titel = models.CharField(_("Titel"), max_length=200)
    art = models.CharField(_("Art"), max_length=20, choices=Art.choices, default=Art.FRAGE)
    fachgebiete = models.ManyToManyField("fachgebiete.Fachgebiet", verbose_name=_("Fachgebiete"), blank=True)
    region = models.ForeignKey(
        "behoerden.Kreis", verbose_name=_("Region"), on_delete=models.SET_NULL, null=True, blank=True
    )
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Autor:in"), on_delete=models.PROTECT, related_name="+"
    )
    erstellt = models.DateTimeField(_("erstellt"), auto_now_add=True)
    letzte_aktivitaet = models.DateTimeField(_("letzte Aktivität"), db_index=True)
    letzter_autor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    beitraege_anzahl = models.PositiveIntegerField(_("Beiträge"), default=0)
    ist_geschlossen = models.BooleanField(_("geschlossen"), default=False)
    ist_angeheftet = models.BooleanField(_("angeheftet"), default=False)
    ist_verborgen = models.BooleanField(_("verborgen"), default=False)
    antwort = models.ForeignKey(
        "Beitrag",
        verbose_name=_("Antwort"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    archiviert_am = models.DateTimeField(_("archiviert am"), null=True, blank=True)
    inhalt_entfernt_am = models.DateTimeField(_("Inhalte entfernt am"), null=True, blank=True)

    objects = ThemaQuerySet.as_manager()

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["-letzte_aktivitaet"]
        indexes = [models.Index(fields=["bereich", "-ist_angeheftet", "-letzte_aktivitaet"])]

    def __str__(self) -> str:
        return self.titel

    def get_absolute_url(self) -> str:
        return f"/austausch/thema/{self.pk}/"


class Beitrag(models.Model):
    """A post: Markdown source and its sanitised HTML. Deleting is soft, with a reason."""

    thema = models.ForeignKey(Thema, on_delete=models.CASCADE, related_name="beitraege")
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Autor:in"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("Text"))
    html = models.TextField(editable=False)
    zitiert = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    erstellt = models.DateTimeField(_("erstellt"), auto_now_add=True)
    bearbeitet_am = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    ist_verborgen = models.BooleanField(_("verborgen"), default=False)
    geloescht_am = models.DateTimeField(_("gelöscht am"), null=True, blank=True)
    geloescht_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    loeschgrund = models.CharField(_("Grund der Löschung"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")
        ordering = ["erstellt", "id"]
        indexes = [models.Index(fields=["thema", "erstellt"]), models.Index(fields=["autor", "erstellt"])]

    def __str__(self) -> str:
        return f"Beitrag {self.pk} in „{self.thema_id}“"

    def get_absolute_url(self) -> str:
        return f"/austausch/thema/{self.thema_id}/#beitrag-{self.pk}"


class BeitragAnhang(models.Model):
    """A file attached to a post, stored through the shared `dateien` pipeline."""

    beitrag = models.ForeignKey(Beitrag, on_delete=models.CASCADE, related_name="anhaenge")
    datei = models.ForeignKey("dateien.Datei", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.datei)


class BeitragVersion(models.Model):
    """The text of a post before an edit; visible to moderators."""

    beitrag = models.ForeignKey(Beitrag, on_delete=models.CASCADE, related_name="versionen")
    text = models.TextField(_("Text"))
    erstellt = models.DateTimeField(_("gespeichert am"), auto_now_add=True)
    von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("Beitragsversion")
        verbose_name_plural = _("Beitragsversionen")
        ordering = ["-erstellt", "-id"]

    def __str__(self) -> str:
        return f"Version von Beitrag {self.beitrag_id}"


class Lesestand(models.Model):
    """Up to when a person has read a thread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thema = models.ForeignKey(Thema, on_delete=models.CASCADE, related_name="+")
    gelesen_bis = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thema"], name="unique_lesestand")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.thema_id} bis {self.gelesen_bis}"


class Zustellung(models.TextChoices):
    SOFORT = "sofort", _("sofort per E-Mail")
    TAEGLICH = "taeglich", _("tägliche Zusammenfassung per E-Mail")
    NUR_PORTAL = "portal", _("nur im Portal")


class Abo(models.Model):
    """A subscription to an area (new threads) or a thread (new posts)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="austausch_abos"
    )
    bereich = models.ForeignKey(Bereich, on_delete=models.CASCADE, null=True, blank=True, related_name="abos")
    thema = models.ForeignKey(Thema, on_delete=models.CASCADE, null=True, blank=True, related_name="abos")
    zustellung = models.CharField(
        _("Benachrichtigung"), max_length=10, choices=Zustellung.choices, default=Zustellung.SOFORT
    )
    erstellt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        constraints = [
            models.UniqueConstraint(fields=["user", "bereich"], name="unique_abo_bereich"),
            models.UniqueConstraint(fields=["user", "thema"], name="unique_abo_thema"),
            models.CheckConstraint(
                condition=Q(bereich__isnull=True, thema__isnull=False)
                | Q(bereich__isnull=False, thema__isnull=True),
                name="abo_bereich_xor_thema",
            ),
        ]

    def __str__(self) -> str:
        return f"Abo {self.user_id} – {self.bereich_id or self.thema_id}"


class Benachrichtigung(models.Model):
    """One notification of one person about one event (new thread, reply, mention, report)."""

    class Art(models.TextChoices):
        NEUES_THEMA = "neues_thema", _("Neues Thema")
        ANTWORT = "antwort", _("Neue Antwort")
        ERWAEHNUNG = "erwaehnung", _("Erwähnung")
        MELDUNG = "meldung", _("Gemeldeter Beitrag")

    empfaenger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="austausch_benachrichtigungen"
    )
    art = models.CharField(max_length=20, choices=Art.choices)
    thema = models.ForeignKey(Thema, on_delete=models.CASCADE, related_name="+")
    beitrag = models.ForeignKey(Beitrag, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    zustellung = models.CharField(max_length=10, choices=Zustellung.choices, default=Zustellung.SOFORT)
    erstellt = models.DateTimeField(auto_now_add=True, db_index=True)
    gelesen_am = models.DateTimeField(null=True, blank=True)
    email_versandt_am = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-erstellt", "-id"]
        indexes = [models.Index(fields=["empfaenger", "-erstellt"])]

    def __str__(self) -> str:
        return f"{self.get_art_display()} für {self.empfaenger_id}"


class Meldung(models.Model):
    """A person reports a post to the moderators."""

    beitrag = models.ForeignKey(Beitrag, on_delete=models.CASCADE, related_name="meldungen")
    von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    grund = models.CharField(_("Grund"), max_length=500)
    erstellt = models.DateTimeField(auto_now_add=True)
    erledigt_am = models.DateTimeField(null=True, blank=True)
    erledigt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["-erstellt"]

    def __str__(self) -> str:
        return f"Meldung zu Beitrag {self.beitrag_id}"


class AnfrageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The Geschäftsstelle sees all requests; others those of their own authority."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_geschaeftsstelle:
            return self.all()
        if not user.behoerde_id:
            return self.none()
        return self.filter(behoerde_id=user.behoerde_id)


class Anfrage(models.Model):
    """A request to the Geschäftsstelle: a 360°-Analyse or an information request."""

    class Art(models.TextChoices):
        ANALYSE_360 = "analyse_360", _("360°-Analyse")
        INFORMATION = "information", _("Informationsanfrage")

    class Dringlichkeit(models.TextChoices):
        NORMAL = "normal", _("normal")
        HOCH = "hoch", _("hoch")
        EILT = "eilt", _("eilt (Gefahr im Verzug)")

    class Status(models.TextChoices):
        EINGEGANGEN = "eingegangen", _("eingegangen")
        IN_BEARBEITUNG = "in_bearbeitung", _("in Bearbeitung")
        RUECKFRAGE = "rueckfrage", _("Rückfrage")
        ABGESCHLOSSEN = "abgeschlossen", _("abgeschlossen")
        ABGELEHNT = "abgelehnt", _("abgelehnt")

    art = models.CharField(_("Art der Anfrage"), max_length=20, choices=Art.choices)
    behoerde = models.ForeignKey(
        "behoerden.Behoerde", verbose_name=_("anfragende Behörde"), on_delete=models.PROTECT, related_name="+"
    )
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gestellt von"), on_delete=models.PROTECT, related_name="+"
    )
    betreff = models.CharField(_("Betreff"), max_length=200)
    beschreibung = models.TextField(_("Beschreibung"), max_length=10000)
    rechtsgrundlage = models.CharField(_("Rechtsgrundlage"), max_length=300)
    dringlichkeit = models.CharField(
        _("Dringlichkeit"), max_length=10, choices=Dringlichkeit.choices, default=Dringlichkeit.NORMAL
    )
    kontakt = models.CharField(_("Kontakt"), max_length=300)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.EINGEGANGEN)
    erstellt = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    aktualisiert = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    ergebnis = models.TextField(_("Ergebnis / Mitteilung"), blank=True)
    ergebnis_datei = models.ForeignKey(
        "dateien.Datei",
        verbose_name=_("Ergebnisdatei"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AnfrageQuerySet.as_manager()

    class Meta:
        verbose_name = _("Anfrage an die Geschäftsstelle")
        verbose_name_plural = _("Anfragen an die Geschäftsstelle")
        ordering = ["-erstellt"]

    def __str__(self) -> str:
        return f"{self.get_art_display()}: {self.betreff}"


class AnfrageSchritt(models.Model):
    """One step in a request's history: a status change or a message."""

    anfrage = models.ForeignKey(Anfrage, on_delete=models.CASCADE, related_name="schritte")
    status = models.CharField(max_length=20, choices=Anfrage.Status.choices)
    text = models.TextField(blank=True)
    von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    erstellt = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["erstellt", "id"]

    def __str__(self) -> str:
        return f"{self.anfrage_id}: {self.status}"
