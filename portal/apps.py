from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import choices, news, page_access, page_index, search

        choices.install()
        self._watch_shared_reference_data()

        search.register(
            search.SearchProvider(key="seiten", label=_("Seiten"), search=page_index.search_pages, order=10)
        )
        news.register(
            news.NewsSource(
                key="seiten",
                label=_("Seiten"),
                items=page_index.page_news,
                order=10,
                audience=page_access.audience,
                topics_from_items=True,
            )
        )
        page_index.connect_signals()

    @staticmethod
    def _watch_shared_reference_data():
        """Every process renews shared choice lists when it changes reference data (see shared_cache)."""
        from arbeitskreise.models import Arbeitskreis
        from behoerden.models import Behoerde, Gemeinde, Kreis, Regierungsbezirk
        from fachgebiete.models import Fachgebiet

        from .shared_cache import watch

        watch(Behoerde, Gemeinde, Kreis, Regierungsbezirk, Fachgebiet, Arbeitskreis)
