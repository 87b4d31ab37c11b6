from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BehoerdenConfig(AppConfig):
    name = "behoerden"
    verbose_name = _("Behörden & Institutionen")

    def ready(self) -> None:
        from portal import content_cache, search

        from .models import Behoerde, Gemeinde, Kreis, Regierungsbezirk
        from .search import PEOPLE_PROVIDER, PROVIDER

        search.register(PROVIDER)
        search.register(PEOPLE_PROVIDER)
        # Reference data shown in shared, cached parts (choice lists, directory, figures).
        content_cache.bump_on_change(Behoerde, Gemeinde, Kreis, Regierungsbezirk)
