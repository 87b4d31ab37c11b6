from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArbeitskreiseConfig(AppConfig):
    name = "arbeitskreise"
    verbose_name = _("Arbeitskreise")

    def ready(self) -> None:
        from . import signals  # noqa: F401
