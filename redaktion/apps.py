from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedaktionConfig(AppConfig):
    name = "redaktion"
    verbose_name = _("Redaktion und Freigabe")
