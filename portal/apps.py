from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import access, content_cache, navigation, news, page_index, search

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
