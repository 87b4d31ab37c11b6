from django.apps import AppConfig
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class ErhebungenConfig(AppConfig):
    name = "erhebungen"
    verbose_name = _("Erhebungen")

    def ready(self):
        from portal import content_cache
        from portal.news import NewsSource, register

        from .access import audience
        from .lage import LAGE_SOURCES
        from .news import offene_erhebungen

        content_cache.bump_on_change(*LAGE_SOURCES)

        register(
            NewsSource(
                key="erhebungen",
                label=str(_("Offene Erhebungen")),
                items=offene_erhebungen,
                order=60,
                audience=audience,
                topics_from_items=True,
                list_url=reverse_lazy("erhebungen:index"),
            )
        )
