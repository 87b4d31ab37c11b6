from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DateienConfig(AppConfig):
    name = "dateien"
    verbose_name = _("Dateien")
