"""The eight Fachgebiete: the taxonomy shared by content, Lagebilder, board, surveys and newsletter."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fachgebiet(models.Model):
    """A topic area of the cooperation, e.g. Shisha or Vermögensabschöpfung."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Fachgebiet")
        verbose_name_plural = _("Fachgebiete")
        ordering = ["reihenfolge", "name"]

    def __str__(self) -> str:
        return self.name
