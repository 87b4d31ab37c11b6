from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ErhebungenConfig(AppConfig):
    name = "erhebungen"
    verbose_name = _("Erhebungen")

    def ready(self):
        from portal.news import NewsSource, register

        from . import lage  # noqa: F401 - watches the models the shared Gesamtlagedarstellung is built from
        from .news import audience, offene_erhebungen

        register(
            NewsSource(
                key="erhebungen",
                label=str(_("Offene Erhebungen")),
                items=offene_erhebungen,
                order=60,
                audience=audience,
                topics_from_items=True,
            )
        )
