"""Fachveranstaltungen: event pages with registration, waiting list and calendar export."""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet

from behoerden.models import Behoerde
from portal import content_cache
from portal.access import deny
from portal.labels import choice_label
from portal.page_access import PortalPageMixin

from . import access


class AgendaBlocks(blocks.StreamBlock):
    punkt = blocks.StructBlock(
        [
            ("zeit", blocks.CharBlock(label=_("Uhrzeit"), help_text=_("z. B. 09:30–10:15"))),
            ("titel", blocks.CharBlock(label=_("Programmpunkt"))),
            ("referent", blocks.CharBlock(label=_("Referent:in"), required=False)),
            ("beschreibung", blocks.TextBlock(label=_("Beschreibung"), required=False)),
        ],
        label=_("Programmpunkt"),
    )
    pause = blocks.StructBlock(
        [("zeit", blocks.CharBlock(label=_("Uhrzeit"))), ("titel", blocks.CharBlock(label=_("Pause")))],
        label=_("Pause"),
    )


class VeranstaltungQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Return the live events this person may see (`access.visibility_filter`)."""
        return self.live().filter(access.visibility_filter(user))

    def upcoming(self, now=None):
        return self.filter(ende__gte=now or timezone.now()).order_by("beginn")

    def past(self, now=None):
        return self.filter(ende__lt=now or timezone.now()).order_by("-beginn")


VeranstaltungManager = PageManager.from_queryset(VeranstaltungQuerySet)


class VeranstaltungIndexPage(PortalPageMixin, Page):
    """The list of Fachveranstaltungen: upcoming and past events the person may see."""

    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["startseite.HomePage"]
    subpage_types = ["veranstaltungen.VeranstaltungPage"]
    max_count = 1
    template = "veranstaltungen/veranstaltung_index_page.html"

    class Meta:
        verbose_name = _("Veranstaltungsübersicht")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The list shows dates, place and audience: the agenda (StreamField) stays in the database.
        visible = VeranstaltungPage.objects.child_of(self).visible_to(request.user).defer_streamfields()
        now = timezone.now()
        context["kommende"] = visible.upcoming(now)
        context["vergangene"] = visible.past(now)[:20]
        return context


class VeranstaltungPage(PortalPageMixin, Page):
    """One Fachveranstaltung: time, place or online link, audience, agenda, registration."""

    beginn = models.DateTimeField(_("Beginn"))
    ende = models.DateTimeField(_("Ende"))
    ort = models.CharField(_("Ort"), max_length=250, blank=True, help_text=_("Anschrift und Raum"))
    online_link = models.URLField(_("Online-Zugang"), blank=True, help_text=_("Link zur Videokonferenz"))
    zielgruppe = models.CharField(_("Zielgruppe"), max_length=250, blank=True)
    beschreibung = RichTextField(_("Beschreibung"), blank=True)
    agenda = StreamField(AgendaBlocks(), verbose_name=_("Agenda"), blank=True, use_json_field=True)
    anmeldung_offen = models.BooleanField(_("Anmeldung möglich"), default=True)
    kapazitaet = models.PositiveIntegerField(
        _("Kapazität"), null=True, blank=True, help_text=_("Leer lassen für unbegrenzte Plätze.")
    )
    organisatoren = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Organisation"),
        blank=True,
        related_name="organisierte_veranstaltungen",
    )

    objects = VeranstaltungManager()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("beginn"), FieldPanel("ende"), FieldPanel("ort"), FieldPanel("online_link")],
            heading=_("Termin und Ort"),
        ),
        FieldPanel("zielgruppe"),
        InlinePanel(
            "zulassungen",
            label=_("Nur sichtbar für diese Behördenarten (leer: für alle)"),
        ),
        FieldPanel("beschreibung"),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [FieldPanel("anmeldung_offen"), FieldPanel("kapazitaet"), FieldPanel("organisatoren")],
            heading=_("Anmeldung"),
        ),
    ]
    parent_page_types = ["veranstaltungen.VeranstaltungIndexPage"]
    subpage_types: list[str] = []
    template = "veranstaltungen/veranstaltung_page.html"

    class Meta:
        verbose_name = _("Fachveranstaltung")
        verbose_name_plural = _("Fachveranstaltungen")

    def clean(self):
        super().clean()
        if self.beginn and self.ende and self.ende <= self.beginn:
            raise ValidationError({"ende": _("Das Ende muss nach dem Beginn liegen.")})
        if not self.ort and not self.online_link:
            raise ValidationError({"ort": _("Bitte geben Sie einen Ort oder einen Online-Zugang an.")})

    @property
    def portal_search_exclude(self) -> bool:
        """Events for some kinds of authority only stay out of the shared page index (search, news)."""
        return self.pk is not None and self.zulassungen.exists()

    def has_begun(self, now=None) -> bool:
        return (now or timezone.now()) >= self.beginn

    def is_organiser(self, user) -> bool:
        return access.can_organise(user, self)

    def admitted_arts(self) -> list[str]:
        """The kinds of authority admitted (empty: open to all partners); the same for everybody, changes
        only when the page is published (shared content cache)."""
        return content_cache.cached(
            f"veranstaltung:{self.pk}:zulassungen",
            lambda: [z.art for z in self.zulassungen.all()],
            local=True,
        )

    def serve(self, request, *args, **kwargs):
        # Previews (drafts, admin only) are not live yet; everything else goes through the policy: the
        # rule of `visible_to` on this live page's admitted kinds, without fetching the page again.
        if not getattr(request, "is_preview", False):
            user = request.user
            organises = functools.cache(lambda: self.is_organiser(user))
            if not access.can_see(user, self, organises=organises):
                deny(request, objekt_typ=self._meta.label_lower, objekt_id=str(self.pk))
            # get_context asks again whether this person organises the event: one query at most.
            kwargs["organises"] = organises
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, organises=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        counts = Anmeldung.objects.filter(veranstaltung=self).counts()
        context["angemeldet_count"] = counts["angemeldet"]
        context["warteliste_count"] = counts["warteliste"]
        context["freie_plaetze"] = (
            max(self.kapazitaet - counts["angemeldet"], 0) if self.kapazitaet is not None else None
        )
        context["meine_anmeldung"] = (
            Anmeldung.objects.aktiv().filter(veranstaltung=self, user=request.user).first()
        )
        if context["meine_anmeldung"] and context["meine_anmeldung"].status == Anmeldung.Status.WARTELISTE:
            context["warteplatz"] = context["meine_anmeldung"].warteplatz()
        context["begonnen"] = self.has_begun()
        context["ist_organisation"] = organises() if organises else self.is_organiser(request.user)
        context["online_zugang"] = bool(self.online_link) and access.sees_online_link(
            organises=context["ist_organisation"],
            anmeldung_status=getattr(context["meine_anmeldung"], "status", None),
        )
        context["zulassungen"] = [choice_label(Behoerde.Art, art) for art in self.admitted_arts()]
        return context


class VeranstaltungZielgruppe(Orderable):
    """Restrict an event to a kind of authority; an event without these rows is open to all partners."""

    veranstaltung = ParentalKey(VeranstaltungPage, on_delete=models.CASCADE, related_name="zulassungen")
    art = models.CharField(_("Behördenart"), max_length=20, choices=Behoerde.Art.choices)

    panels = [FieldPanel("art")]

    class Meta(Orderable.Meta):
        verbose_name = _("zugelassene Behördenart")
        constraints = [
            models.UniqueConstraint(fields=["veranstaltung", "art"], name="veranstaltung_art_unique")
        ]


class AnmeldungQuerySet(models.QuerySet):
    def aktiv(self):
        return self.exclude(status=Anmeldung.Status.STORNIERT)

    def counts(self) -> dict[str, int]:
        """Return the number of confirmed and waiting registrations in one query."""
        result = self.aggregate(
            angemeldet=models.Count("pk", filter=Q(status=Anmeldung.Status.ANGEMELDET)),
            warteliste=models.Count("pk", filter=Q(status=Anmeldung.Status.WARTELISTE)),
        )
        return {key: value or 0 for key, value in result.items()}


class Anmeldung(models.Model):
    """A person's registration for an event: confirmed, on the waiting list, or cancelled."""

    class Status(models.TextChoices):
        ANGEMELDET = "angemeldet", _("angemeldet")
        WARTELISTE = "warteliste", _("Warteliste")
        STORNIERT = "storniert", _("storniert")

    veranstaltung = models.ForeignKey(
        VeranstaltungPage,
        verbose_name=_("Veranstaltung"),
        on_delete=models.CASCADE,
        related_name="anmeldungen",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="anmeldungen",
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.ANGEMELDET)
    created_at = models.DateTimeField(_("angemeldet am"), default=timezone.now, db_index=True)
    storniert_am = models.DateTimeField(_("storniert am"), null=True, blank=True)

    objects = AnmeldungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["veranstaltung", "user"],
                condition=~Q(status="storniert"),
                name="anmeldung_aktiv_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.veranstaltung} ({self.get_status_display()})"

    def warteplatz(self) -> int:
        """Return this registration's position on the waiting list (1 = next to move up)."""
        return (
            Anmeldung.objects.filter(
                veranstaltung_id=self.veranstaltung_id, status=Anmeldung.Status.WARTELISTE
            )
            .filter(Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk))
            .count()
            + 1
        )


class KalenderAbo(models.Model):
    """A person's calendar subscription: the feed URL carries a secret token, only its hash is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="kalender_abo",
    )
    token_hash = models.CharField(_("Token-Hash"), max_length=64, unique=True)
    erstellt_am = models.DateTimeField(_("erstellt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Kalender-Abonnement")
        verbose_name_plural = _("Kalender-Abonnements")

    def __str__(self) -> str:
        return f"{self.user} – {self.erstellt_am:%d.%m.%Y}"
