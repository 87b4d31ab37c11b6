from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LagebilderConfig(AppConfig):
    name = "lagebilder"
    verbose_name = _("Lagebilder")

    def ready(self):
        from portal import news, search

        from . import search as lagebilder_search

        search.register(
            search.SearchProvider(
                key="lagebilder", label=_("Lagebilder"), search=lagebilder_search.search, order=40
            )
        )
        news.register(
            news.NewsSource(
                key="lagebilder", label=_("Lagebilder"), items=lagebilder_search.news_items, order=40
            )
        )
