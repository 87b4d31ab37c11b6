from django.apps import AppConfig
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class AustauschConfig(AppConfig):
    name = "austausch"
    verbose_name = _("Informationsaustausch")

    def ready(self) -> None:
        from portal import news, search

        from . import access, signals  # noqa: F401
        from .search import news_items, search_board

        search.register(
            search.SearchProvider("austausch", str(_("Informationsaustausch")), search_board, order=40)
        )
        news.register(
            news.NewsSource(
                "austausch",
                str(_("Informationsaustausch")),
                news_items,
                order=40,
                audience=access.audience,
                topics_from_items=True,
                list_url=reverse_lazy("austausch:index"),
            )
        )

        from fachgebiete import related

        from .search import latest_threads

        related.register("austausch", _("Aktuelle Themen im Informationsaustausch"), latest_threads, order=40)
