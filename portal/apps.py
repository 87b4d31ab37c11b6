from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import access, content_cache, navigation, news, page_index, search

        self._watch_shared_reference_data()

        search.register(
            search.SearchProvider(
                key="seiten",
                label=_("Seiten"),
                search=page_index.search_pages,
                order=10,
                vocabulary=page_index.page_titles,
            )
        )
        news.register(
            news.NewsSource(
                key="seiten",
                label=_("Seiten"),
                items=page_index.page_news,
                order=10,
                audience=access.page_audience,
                topics_from_items=True,
                list_url=navigation.news_index_url,
            )
        )
        page_index.connect_signals()
        content_cache.connect_signals()

    @staticmethod
    def _watch_shared_reference_data():
        """Every process renews the shared caches when it changes reference data (choice lists, figures)."""
        from arbeitskreise.models import Arbeitskreis
        from behoerden.models import Behoerde, Gemeinde, Kreis, Regierungsbezirk
        from fachgebiete.models import Fachgebiet

        from . import content_cache

        content_cache.bump_on_change(Behoerde, Gemeinde, Kreis, Regierungsbezirk, Fachgebiet, Arbeitskreis)
