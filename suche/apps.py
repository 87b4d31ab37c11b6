from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SucheConfig(AppConfig):
    name = "suche"
    verbose_name = _("Suche")

    def ready(self):
        from portal import access, navigation, news, search

        from . import page_index

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
