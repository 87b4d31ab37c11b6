from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArbeitskreiseConfig(AppConfig):
    name = "arbeitskreise"
    verbose_name = _("Arbeitskreise")

    def ready(self) -> None:
        from portal import content_cache

        from . import signals  # noqa: F401
        from .models import Arbeitskreis

        # Arbeitskreis names are shown in shared, cached parts (choice lists, board areas).
        content_cache.bump_on_change(Arbeitskreis)
