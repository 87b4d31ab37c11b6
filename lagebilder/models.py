"""Lagebilder: situation reports shared under need-to-know rules, with file versions.

Visibility is stored as django-guardian object permissions (`view_lagebild`) in the direct
foreign-key tables below, for the groups of authorities and Arbeitskreise. No group ever holds
the model-wide `view_lagebild` permission. Read access goes only through
`Lagebild.objects.visible_to(user)` (see `lagebilder/access.py` for the predicates).
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal import textsearch

from .access import visibility_filter
from .choices import VIEW_CODENAME, Klassifikation, Sichtbarkeit, Status  # noqa: F401 - the models' public names

VS_MARKING = "VS – NUR FÜR DEN DIENSTGEBRAUCH"


class LagebildQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the Lagebilder this person may see (the one read policy for every consumer)."""
        return self.filter(visibility_filter(user))

    def published(self):
        return self.filter(status=Status.VEROEFFENTLICHT)

    def matching(self, terms: list[str]):
        """Return the reports whose title or summary contain every term (stems from
        `portal.textsearch.query_terms`, matched as prefixes; see `textsearch.matching`)."""
        return textsearch.matching(self, terms)

    def for_list(self):
        """What list rows show: authority, region and Fachgebiete (no file data)."""
        return self.select_related(
            "autor_behoerde", "regierungsbezirk", "kreis", "gemeinde"
        ).prefetch_related("fachgebiete")


class Lagebild(models.Model):
    """A situation report of one authority for a period and a region, with versioned files."""

    titel = models.CharField(_("Titel"), max_length=200)
    zusammenfassung = models.TextField(_("Zusammenfassung"), max_length=5000)
    zeitraum_von = models.DateField(_("Berichtszeitraum von"))
    zeitraum_bis = models.DateField(_("Berichtszeitraum bis"))
    # All three empty: the whole Ruhr region.
    regierungsbezirk = models.ForeignKey(
        "behoerden.Regierungsbezirk",
        verbose_name=_("Regierungsbezirk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    kreis = models.ForeignKey(
        "behoerden.Kreis",
        verbose_name=_("Kreis / kreisfreie Stadt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    gemeinde = models.ForeignKey(
        "behoerden.Gemeinde", verbose_name=_("Gemeinde"), on_delete=models.PROTECT, null=True, blank=True
    )
    fachgebiete = models.ManyToManyField(
        "fachgebiete.Fachgebiet", verbose_name=_("Fachgebiete"), related_name="lagebilder"
    )
    klassifikation = models.CharField(
        _("Einstufung"), max_length=10, choices=Klassifikation.choices, default=Klassifikation.OFFEN
    )
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Autor:in"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="lagebilder",
    )
    autor_behoerde = models.ForeignKey(
        "behoerden.Behoerde", verbose_name=_("Behörde"), on_delete=models.PROTECT, related_name="lagebilder"
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.ENTWURF)
    sichtbarkeit = models.CharField(
        _("Sichtbar für"), max_length=20, choices=Sichtbarkeit.choices, default=Sichtbarkeit.EIGENE_BEHOERDE
    )
    fuer_alle_partner = models.BooleanField(_("für alle Partner freigegeben"), default=False, editable=False)
    vsnfd_alle_freigegeben = models.BooleanField(
        _("VS-NfD: Freigabe für alle Partner erlaubt (Geschäftsstelle)"), default=False
    )
    aktuelle_version = models.ForeignKey(
        "LagebildVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    erstellt_am = models.DateTimeField(_("erstellt am"), default=timezone.now)
    aktualisiert_am = models.DateTimeField(_("aktualisiert am"), auto_now=True)
    veroeffentlicht_am = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    # Search: title and summary as folded, stemmed German tokens (portal.textsearch), written on save.
    # PostgreSQL matches the GIN-indexed vector (migration 0003), SQLite the tokens.
    tokens = models.TextField(blank=True, editable=False)
    vector = SearchVectorField(null=True, editable=False)

    objects = LagebildQuerySet.as_manager()

    class Meta:
        verbose_name = _("Lagebild")
        verbose_name_plural = _("Lagebilder")
        ordering = ["-erstellt_am", "-id"]
        indexes = [
            models.Index(fields=["-erstellt_am", "-id"], name="lagebild_erstellt_idx"),
            models.Index(fields=["status", "-erstellt_am", "-id"], name="lagebild_status_erstellt_idx"),
            models.Index(
                fields=["-erstellt_am", "-id"],
                name="lagebild_alle_partner_idx",
                condition=Q(fuer_alle_partner=True, status="veroeffentlicht"),
            ),
            models.Index(fields=["autor_behoerde", "-erstellt_am"], name="lagebild_behoerde_idx"),
            # "What is new": start page, Fachgebiet pages and the newsletter ask for recently published ones.
            models.Index(
                fields=["-veroeffentlicht_am", "-id"],
                name="lagebild_veroeffentlicht_idx",
                condition=Q(status="veroeffentlicht"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(zeitraum_bis__gte=models.F("zeitraum_von")), name="lagebild_zeitraum_gueltig"
            ),
            models.CheckConstraint(
                condition=Q(fuer_alle_partner=False)
                | Q(klassifikation="offen")
                | Q(vsnfd_alle_freigegeben=True),
                name="lagebild_vsnfd_nicht_fuer_alle",
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    SEARCHED_FIELDS = frozenset({"titel", "zusammenfassung"})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        reindex = update_fields is None or bool(self.SEARCHED_FIELDS & set(update_fields))
        if reindex:
            self.tokens = textsearch.index_tokens(f"{self.titel} {self.zusammenfassung}")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "tokens"}
        super().save(*args, **kwargs)
        if reindex:
            textsearch.update_vectors(type(self).objects.filter(pk=self.pk))

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("lagebilder:detail", args=[self.pk])

    def clean(self):
        if self.zeitraum_von and self.zeitraum_bis and self.zeitraum_bis < self.zeitraum_von:
            raise ValidationError(
                {"zeitraum_bis": _("Das Ende des Berichtszeitraums darf nicht vor dem Beginn liegen.")}
            )

    @property
    def ist_vsnfd(self) -> bool:
        return self.klassifikation == Klassifikation.VS_NFD

    @property
    def region(self) -> str:
        """The most specific region named, or the whole Ruhr region."""
        for part in (self.gemeinde, self.kreis, self.regierungsbezirk):
            if part is not None:
                return str(part)
        return str(_("gesamtes Ruhrgebiet"))


class LagebildVersion(models.Model):
    """One uploaded file version of a Lagebild; older versions stay available."""

    lagebild = models.ForeignKey(Lagebild, on_delete=models.CASCADE, related_name="versionen")
    nummer = models.PositiveIntegerField(_("Version"))
    datei = models.OneToOneField("dateien.Datei", on_delete=models.PROTECT, related_name="lagebild_version")
    hochgeladen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    hochgeladen_am = models.DateTimeField(_("hochgeladen am"), default=timezone.now)
    aenderungshinweis = models.CharField(_("Änderungshinweis"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Lagebild-Version")
        verbose_name_plural = _("Lagebild-Versionen")
        ordering = ["lagebild", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["lagebild", "nummer"], name="lagebild_version_eindeutig")
        ]

    def __str__(self) -> str:
        return f"{self.lagebild} – Version {self.nummer}"


class LagebildUserObjectPermission(UserObjectPermissionBase):
    """guardian: object permission of one person on one Lagebild (direct foreign key)."""

    content_object = models.ForeignKey(Lagebild, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("Lagebild-Berechtigung (Person)")
        verbose_name_plural = _("Lagebild-Berechtigungen (Personen)")


class LagebildGroupObjectPermission(GroupObjectPermissionBase):
    """guardian: object permission of one group (authority or Arbeitskreis) on one Lagebild."""

    content_object = models.ForeignKey(Lagebild, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("Lagebild-Berechtigung (Gruppe)")
        verbose_name_plural = _("Lagebild-Berechtigungen (Gruppen)")
        indexes = [models.Index(fields=["content_object", "group"], name="lagebild_gperm_obj_idx")]
