"""Every Fachgebiet and every Arbeitskreis gets its board area as soon as it exists."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from arbeitskreise.models import Arbeitskreis
from fachgebiete.models import Fachgebiet


@receiver(post_save, sender=Arbeitskreis)
def create_arbeitskreis_bereich(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import bereich_for_arbeitskreis

        bereich_for_arbeitskreis(arbeitskreis=instance)


@receiver(post_save, sender=Fachgebiet)
def create_fachgebiet_bereich(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import bereich_for_fachgebiet

        bereich_for_fachgebiet(fachgebiet=instance)
