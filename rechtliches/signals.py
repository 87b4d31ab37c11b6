from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Regelwerk
from .services import forget_current_regelwerk


@receiver([post_save, post_delete], sender=Regelwerk)
def _regelwerk_changed(sender, **kwargs):
    forget_current_regelwerk()
