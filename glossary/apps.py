from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = _("Glossar")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from portal import search

        from .autolink import clear_cache
        from .models import GlossarBegriff, GlossaryPage
        from .search import PROVIDER

        search.register(PROVIDER)
        for signal in (post_save, post_delete):
            signal.connect(clear_cache, sender=GlossarBegriff, dispatch_uid=f"glossar_cache_{signal}")
        m2m_changed.connect(
            clear_cache, sender=GlossarBegriff.fachgebiete.through, dispatch_uid="glossar_cache_m2m"
        )
        for signal in (page_published, page_unpublished):
            signal.connect(clear_cache, sender=GlossaryPage, dispatch_uid=f"glossar_cache_page_{signal}")
