"""Stored files: kept under generated names in private storage, with sanitised original names."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def generated_name(instance, filename: str) -> str:
    """Return a storage name that reveals nothing and cannot be guessed or executed."""
    now = timezone.now()
    return f"dateien/{now:%Y/%m}/{uuid.uuid4().hex}"


class Datei(models.Model):
    """An uploaded, validated file. The original name is metadata only, never a path."""

    datei = models.FileField(_("Datei"), upload_to=generated_name, max_length=200)
    originalname = models.CharField(_("Dateiname"), max_length=200)
    groesse = models.BigIntegerField(_("Größe (Bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("Inhaltstyp"), max_length=120)
    typ = models.CharField(_("Dateityp"), max_length=10)
    hochgeladen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    hochgeladen_am = models.DateTimeField(_("hochgeladen am"), default=timezone.now)

    class Meta:
        verbose_name = _("Datei")
        verbose_name_plural = _("Dateien")

    def __str__(self) -> str:
        return self.originalname

    @property
    def is_pdf(self) -> bool:
        return self.typ == "pdf"
