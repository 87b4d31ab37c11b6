from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = _("Glossar")

    def ready(self):
        from fachgebiete.related import register_context
        from portal import content_cache, search

        from .models import GlossarBegriff, terms_of_fachgebiet
        from .search import PROVIDER

        search.register(PROVIDER)
        register_context("begriffe", lambda user, fachgebiet: terms_of_fachgebiet(fachgebiet.pk))
        # The term list and the linked page bodies are shared caches (portal.content_cache); the glossary
        # page itself is a Page, whose changes bump the content generation anyway.
        content_cache.bump_on_change(GlossarBegriff)
