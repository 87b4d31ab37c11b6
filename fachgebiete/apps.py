from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FachgebieteConfig(AppConfig):
    name = "fachgebiete"
    verbose_name = _("Fachgebiete")

    def ready(self):
        from portal import content_cache

        from .models import Fachgebiet

        # Fachgebiet names appear in cached, shared page parts (glossary, page bodies).
        content_cache.bump_on_change(Fachgebiet)
