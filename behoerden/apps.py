from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BehoerdenConfig(AppConfig):
    name = "behoerden"
    verbose_name = _("Behörden & Institutionen")

    def ready(self) -> None:
        from fachgebiete.related import register_page_context
        from portal import content_cache, search

        from .kontakte import fachgebiet_page_kontakte
        from .models import Behoerde, Gemeinde, Kreis, Regierungsbezirk
        from .search import PEOPLE_PROVIDER, PROVIDER

        search.register(PROVIDER)
        search.register(PEOPLE_PROVIDER)
        # The Fachgebiet page's contacts: authorities and people of the directory.
        register_page_context("kontakte", fachgebiet_page_kontakte)
        # Reference data shown in shared, cached parts (choice lists, directory, figures).
        content_cache.bump_on_change(Behoerde, Gemeinde, Kreis, Regierungsbezirk)
