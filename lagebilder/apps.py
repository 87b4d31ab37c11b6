from django.apps import AppConfig
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class LagebilderConfig(AppConfig):
    name = "lagebilder"
    verbose_name = _("Lagebilder")

    def ready(self):
        from fachgebiete import related
        from portal import news, search

        from . import access
        from . import search as lagebilder_search

        related.register("lagebilder", _("Aktuelle Lagebilder"), access.related_for_fachgebiet, order=20)

        search.register(
            search.SearchProvider(
                key="lagebilder", label=_("Lagebilder"), search=lagebilder_search.search, order=40
            )
        )
        news.register(
            news.NewsSource(
                key="lagebilder",
                label=_("Lagebilder"),
                items=lagebilder_search.news_items,
                order=40,
                audience=access.audience,
                topics_from_items=True,
                list_url=reverse_lazy("lagebilder:liste"),
            )
        )
