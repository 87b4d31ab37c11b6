from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DateienConfig(AppConfig):
    name = "dateien"
    verbose_name = _("Dateien")

    def ready(self):
        from portal import health

        from . import checks  # noqa: F401 - registers the virus scanner check
        from .clamav import health_probe

        health.register("clamd", health_probe)
