from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FachgebieteConfig(AppConfig):
    name = "fachgebiete"
    verbose_name = _("Fachgebiete")

    def ready(self):
        from django.contrib.auth import get_user_model

        from behoerden.models import Behoerde
        from portal import content_cache

        from .models import Fachgebiet

        # Shown in shared, cached page parts: Fachgebiet names (glossary, page bodies), contacts on a
        # Fachgebiet page (authority, person) and the person responsible for a page's content.
        content_cache.bump_on_change(Fachgebiet, Behoerde, get_user_model())
