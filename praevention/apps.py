from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class PraeventionConfig(AppConfig):
    name = "praevention"
    verbose_name = _("Prävention")

    def ready(self):
        from portal import news, search

        from .access import audience
        from .search import news_massnahmen, search_massnahmen

        search.register(
            search.SearchProvider(
                key="praevention", label=_("Präventionsmaßnahmen"), search=search_massnahmen, order=60
            )
        )
        news.register(
            news.NewsSource(
                key="praevention",
                label=_("Neue Präventionsmaßnahmen"),
                items=news_massnahmen,
                order=60,
                audience=audience,
                list_url=reverse_lazy("praevention:list"),
            )
        )
        post_migrate.connect(_grant_redaktion_permissions, sender=self)
        from behoerden.models import Gemeinde
        from portal import content_cache

        from .models import Massnahme

        # The catalogue's filter form (Kommune choices) and the prevention pages' lists of released
        # measures are shared, cached parts.
        content_cache.bump_on_change(Gemeinde, Massnahme)


def _grant_redaktion_permissions(sender, **kwargs):
    """Let the Redaktion manage the catalogue in the Wagtail admin (snippets)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.management import create_contenttypes

    from accounts.roles import ensure_role_groups

    # This app is listed before django.contrib.auth, whose own post_migrate handler would create the
    # permissions only after this one runs.
    create_contenttypes(sender, verbosity=0, using=kwargs.get("using", "default"))
    create_permissions(sender, verbosity=0, using=kwargs.get("using", "default"))
    redaktion, geschaeftsstelle = ensure_role_groups()
    perms = Permission.objects.filter(
        content_type__app_label="praevention",
        codename__in=["add_massnahme", "change_massnahme", "delete_massnahme", "view_massnahme"],
    )
    redaktion.permissions.add(*perms)
    geschaeftsstelle.permissions.add(*perms)
