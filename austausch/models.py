"""The exchange board (Informationsaustausch): areas, threads, posts, read state, subscriptions,
notifications and reports (requests to the Geschäftsstelle: app `anfragen`)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from portal import textsearch

from . import access


class BereichQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the areas this person may see (`access.bereich_filter`)."""
        return self.filter(access.bereich_filter(user))


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
        """Return the threads this person may see (`access.thema_filter`)."""
        return self.filter(access.thema_filter(user))

    def active(self):
        return self.filter(archiviert_am__isnull=True)

    def with_unread(self, user):
        """Annotate `ungelesen` (no read mark covering the last activity) in the same query."""
        read = Lesestand.objects.filter(
            user=user, thema=OuterRef("pk"), gelesen_bis__gte=OuterRef("letzte_aktivitaet")
        )
        return self.annotate(ungelesen=~Exists(read))

    def with_reading_state(self, user):
        """Annotate the person's read mark (`gelesen_bis`) and subscription (`abo_zustellung`)."""
        return self.annotate(
            gelesen_bis=Subquery(
                Lesestand.objects.filter(user=user, thema=OuterRef("pk")).values("gelesen_bis")[:1]
            ),
            abo_zustellung=Subquery(
                Abo.objects.filter(user=user, thema=OuterRef("pk")).values("zustellung")[:1]
            ),
        )

    def for_listing(self, user):
        """Rows of a thread list for this person, as dicts: pinned first, then by last activity, with
        the unread state (`ungelesen`, in the same query) and only the fields a list shows."""
        return (
            self.with_unread(user)
            .order_by("-ist_angeheftet", "-letzte_aktivitaet")
            .values(
                "pk",
                "titel",
                "art",
                "beitraege_anzahl",
                "ist_angeheftet",
                "ist_geschlossen",
                "ist_verborgen",
                "antwort_id",
                "letzte_aktivitaet",
                "ungelesen",
                "bereich__name",
                "autor__first_name",
                "autor__last_name",
                "autor__email",
                "autor__behoerde__name",
                "autor__behoerde__kurzname",
                "letzter_autor__first_name",
                "letzter_autor__last_name",
            )
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
        indexes = [
            models.Index(fields=["bereich", "-ist_angeheftet", "-letzte_aktivitaet"]),
            # "Neu seit Ihrem letzten Besuch": newest threads first, stopping after a few.
            models.Index(fields=["-erstellt"], name="austausch_thema_erstellt_idx"),
        ]

    def __str__(self) -> str:
        return self.titel

    def get_absolute_url(self) -> str:
        return f"/austausch/thema/{self.pk}/"


class BeitragQuerySet(models.QuerySet):
    def in_thread(self, thema, *, moderator: bool):
        """Return the posts of a thread as its page shows them: hidden posts only for moderators."""
        posts = self.filter(thema=thema).order_by("erstellt", "id")
        return posts if moderator else posts.filter(ist_verborgen=False)

    def before(self, beitrag):
        """Return the posts that come before `beitrag` in thread order (created earlier, then by id)."""
        return self.filter(Q(erstellt__lt=beitrag.erstellt) | Q(erstellt=beitrag.erstellt, pk__lt=beitrag.pk))

    def matching(self, terms: list[str]):
        """Return the posts whose thread title or text contain every term (stems from
        `portal.textsearch.query_terms`, matched as prefixes; see `textsearch.matching`)."""
        return textsearch.matching(self, terms)

    def page_values(self):
        """Only what a thread page shows, as dicts: no model instances, no Markdown source per post."""
        return self.values(
            "pk",
            "autor_id",
            "erstellt",
            "bearbeitet_am",
            "ist_verborgen",
            "geloescht_am",
            "loeschgrund",
            "html",
            "autor__first_name",
            "autor__last_name",
            "autor__email",
            "autor__behoerde__name",
        )


class Beitrag(models.Model):
    """A post: Markdown source and its sanitised HTML, rendered once when written (not per page view).

    Deleting is soft, with a reason."""

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
    # Search: the thread title and the text as folded, stemmed German tokens (portal.textsearch),
    # written with the post. PostgreSQL matches the GIN-indexed vector (migration 0003), SQLite the tokens.
    tokens = models.TextField(blank=True, editable=False)
    vector = SearchVectorField(null=True, editable=False)

    objects = BeitragQuerySet.as_manager()

    class Meta:
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")
        ordering = ["erstellt", "id"]
        indexes = [
            models.Index(fields=["thema", "erstellt"]),
            models.Index(fields=["autor", "erstellt"]),
            # Search lists the newest matching posts: for common words PostgreSQL walks this index and
            # stops after a page instead of sorting every match.
            models.Index(fields=["-erstellt"], name="austausch_beitrag_erstellt_idx"),
        ]

    def __str__(self) -> str:
        return f"Beitrag {self.pk} in „{self.thema_id}“"

    def get_absolute_url(self) -> str:
        # The permalink finds the page of the thread the post is on (threads are paginated).
        return f"/austausch/beitrag/{self.pk}/"


class BeitragAnhangQuerySet(models.QuerySet):
    def listed_for(self, beitrag_ids):
        """The attachments of these posts as dicts for a thread page (name, type, size)."""
        return (
            self.filter(beitrag_id__in=beitrag_ids)
            .order_by("id")
            .values("pk", "beitrag_id", "datei__originalname", "datei__typ", "datei__groesse")
        )


class BeitragAnhang(models.Model):
    """A file attached to a post, stored through the shared `dateien` pipeline."""

    beitrag = models.ForeignKey(Beitrag, on_delete=models.CASCADE, related_name="anhaenge")
    datei = models.ForeignKey("dateien.Datei", on_delete=models.PROTECT, related_name="+")

    objects = BeitragAnhangQuerySet.as_manager()

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


class MeldungQuerySet(models.QuerySet):
    def moderated_by(self, user):
        """Return the reports in the areas this person moderates (`access.moderation_filter`)."""
        return self.filter(access.moderation_filter(user, prefix="beitrag__thema__bereich__"))

    def open(self):
        return self.filter(erledigt_am__isnull=True)


class Meldung(models.Model):
    """A person reports a post to the moderators; a moderator closes the report when it is handled."""

    beitrag = models.ForeignKey(Beitrag, on_delete=models.CASCADE, related_name="meldungen")
    von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    grund = models.CharField(_("Grund"), max_length=500)
    erstellt = models.DateTimeField(auto_now_add=True)
    erledigt_am = models.DateTimeField(null=True, blank=True)
    erledigt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MeldungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["-erstellt"]

    def __str__(self) -> str:
        return f"Meldung zu Beitrag {self.beitrag_id}"
