from django.apps import AppConfig
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class VeranstaltungenConfig(AppConfig):
    name = "veranstaltungen"
    verbose_name = _("Fachveranstaltungen")

    def ready(self):
        from portal import news, search, upcoming

        from .access import audience
        from .models import VeranstaltungPage
        from .news import news_veranstaltungen
        from .search import search_veranstaltungen
        from .services import upcoming_items

        upcoming.register("veranstaltungen", upcoming_items)
        search.register(
            search.SearchProvider(
                key="veranstaltungen",
                label=_("Fachveranstaltungen mit Zulassung"),
                search=search_veranstaltungen,
                order=30,
            )
        )

        news.register(
            news.NewsSource(
                key="veranstaltungen",
                label=_("Fachveranstaltungen"),
                items=news_veranstaltungen,
                order=50,
                audience=audience,
                list_url=reverse_lazy("veranstaltungen:kalender"),
                own_page_models=(VeranstaltungPage,),
            )
        )
