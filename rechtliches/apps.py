from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RechtlichesConfig(AppConfig):
    name = "rechtliches"
    verbose_name = _("Rechtliches")

    def ready(self):
        from . import signals  # noqa: F401  (the current versions follow every change)
