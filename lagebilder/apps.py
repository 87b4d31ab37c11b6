from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LagebilderConfig(AppConfig):
    name = "lagebilder"
    verbose_name = _("Lagebilder")
