from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BehoerdenConfig(AppConfig):
    name = "behoerden"
    verbose_name = _("Behörden & Institutionen")

    def ready(self) -> None:
        from portal import search

        from .search import PEOPLE_PROVIDER, PROVIDER

        search.register(PROVIDER)
        search.register(PEOPLE_PROVIDER)
