"""Keep the Arbeitskreis group (used for object permissions) in step with its memberships."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Mitgliedschaft


@receiver(post_save, sender=Mitgliedschaft)
def add_to_group(sender, instance, **kwargs):
    instance.user.groups.add(instance.arbeitskreis.gruppe)


@receiver(post_delete, sender=Mitgliedschaft)
def remove_from_group(sender, instance, **kwargs):
    instance.user.groups.remove(instance.arbeitskreis.gruppe)
