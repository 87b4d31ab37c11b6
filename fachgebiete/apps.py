from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FachgebieteConfig(AppConfig):
    name = "fachgebiete"
    verbose_name = _("Fachgebiete")
