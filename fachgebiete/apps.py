from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FachgebieteConfig(AppConfig):
    name = "fachgebiete"
    verbose_name = _("Fachgebiete")

    def ready(self):
        from django.contrib.auth import get_user_model

        from portal import content_cache

        from .models import Fachgebiet

        # Shown in shared, cached page parts: Fachgebiet names (glossary, page bodies) and the person
        # responsible for a page's content (review footer). Contacts are rendered per request.
        content_cache.bump_on_change(Fachgebiet, get_user_model())
