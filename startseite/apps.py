from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StartseiteConfig(AppConfig):
    name = "startseite"
    verbose_name = _("Startseite und Aktuelles")

    def ready(self):
        from portal import navigation

        from .models import news_index_url

        navigation.register_news_index(news_index_url)
