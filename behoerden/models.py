"""Partner authorities and the Ruhr region's administrative structure (reference data)."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal.labels import choice_label


class Regierungsbezirk(models.Model):
    """One of the three Regierungsbezirke the Ruhr region touches."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        verbose_name = _("Regierungsbezirk")
        verbose_name_plural = _("Regierungsbezirke")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Kreis(models.Model):
    """District level: a Kreis or a kreisfreie Stadt."""

    class Art(models.TextChoices):
        KREIS = "kreis", _("Kreis")
        KREISFREIE_STADT = "kreisfreie_stadt", _("Kreisfreie Stadt")

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    art = models.CharField(_("Art"), max_length=20, choices=Art.choices)
    regierungsbezirk = models.ForeignKey(
        Regierungsbezirk, verbose_name=_("Regierungsbezirk"), on_delete=models.PROTECT, related_name="kreise"
    )

    class Meta:
        verbose_name = _("Kreis / kreisfreie Stadt")
        verbose_name_plural = _("Kreise und kreisfreie Städte")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def art_label(self) -> str:
        """Return the Art's label (like get_art_display(), cheaper in lists)."""
        return choice_label(self.Art, self.art)


class Gemeinde(models.Model):
    """A municipality; kreisfreie Städte are Gemeinden whose Kreis is the city itself."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    kreis = models.ForeignKey(
        Kreis, verbose_name=_("Kreis"), on_delete=models.PROTECT, related_name="gemeinden"
    )
    einwohner = models.PositiveIntegerField(_("Einwohner"), null=True, blank=True)

    class Meta:
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BehoerdeQuerySet(models.QuerySet):
    def aktiv(self):
        return self.filter(aktiv=True)


class Behoerde(models.Model):
    """A partner authority. Its staff share a group used for object permissions (django-guardian)."""

    class Art(models.TextChoices):
        POLIZEI = "polizei", _("Polizei")
        KOMMUNE = "kommune", _("Kommune")
        ZOLL = "zoll", _("Zoll")
        BUNDESPOLIZEI = "bundespolizei", _("Bundespolizei")
        FINANZVERWALTUNG = "finanzverwaltung", _("Finanzverwaltung")
        JUSTIZ = "justiz", _("Justiz")
        MINISTERIUM = "ministerium", _("Ministerium")
        HOCHSCHULE = "hochschule", _("Hochschule")
        GESCHAEFTSSTELLE = "geschaeftsstelle", _("Geschäftsstelle")

    name = models.CharField(_("Name"), max_length=200, unique=True)
    kurzname = models.CharField(_("Kurzname"), max_length=60, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    art = models.CharField(_("Art"), max_length=20, choices=Art.choices, db_index=True)
    regierungsbezirk = models.ForeignKey(
        Regierungsbezirk, verbose_name=_("Regierungsbezirk"), on_delete=models.PROTECT, null=True, blank=True
    )
    kreis = models.ForeignKey(
        Kreis, verbose_name=_("Kreis / kreisfreie Stadt"), on_delete=models.PROTECT, null=True, blank=True
    )
    gemeinde = models.ForeignKey(
        Gemeinde,
        verbose_name=_("Gemeinde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="behoerden",
    )
    strasse = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    plz = models.CharField(_("PLZ"), max_length=5, blank=True)
    ort = models.CharField(_("Ort"), max_length=100, blank=True)
    telefon = models.CharField(_("Telefon"), max_length=50, blank=True)
    funktionspostfach = models.EmailField(_("Funktionspostfach"), blank=True)
    zustaendigkeiten = models.TextField(_("Zuständigkeiten"), blank=True)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    gruppe = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="behoerde", editable=False)
    aktualisiert_am = models.DateTimeField(_("aktualisiert am"), auto_now=True)

    objects = BehoerdeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Behörde")
        verbose_name_plural = _("Behörden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        if not self.gruppe_id:
            self.gruppe, _created = Group.objects.get_or_create(name=f"behoerde:{self.slug}"[:150])
        super().save(*args, **kwargs)

    @property
    def art_label(self) -> str:
        """Return the Art's label (like get_art_display(), cheaper in lists)."""
        return choice_label(self.Art, self.art)

    @property
    def kurz(self) -> str:
        return self.kurzname or self.name
