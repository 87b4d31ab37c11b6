from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        from portal.news import NewsSource, register

        from .news import news_ausgaben

        post_migrate.connect(grant_cms_permissions, sender=self)
        # Sent issues on the start page ("what is new for you"); not in the newsletter's own digest.
        register(
            NewsSource(
                key="newsletter",
                label=_("Newsletter"),
                items=news_ausgaben,
                order=70,
                in_digest=False,
                list_url=reverse_lazy("newsletter:archiv"),
            )
        )


def grant_cms_permissions(**kwargs):
    """Redaktion and Geschäftsstelle compose issues in the CMS; only the Geschäftsstelle sets the schedule."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from accounts.roles import GESCHAEFTSSTELLE_GROUP, REDAKTION_GROUP

    # auth's own post_migrate handler may run after this one (INSTALLED_APPS order): create them now.
    create_permissions(kwargs["app_config"], verbosity=0, using=kwargs.get("using", "default"))

    compose = Permission.objects.filter(
        content_type__app_label="newsletter",
        codename__in=["add_ausgabe", "change_ausgabe", "view_ausgabe", "delete_ausgabe"],
    )
    schedule = Permission.objects.filter(
        content_type__app_label="newsletter", codename="change_newsletterversand"
    )
    redaktion, _created = Group.objects.get_or_create(name=REDAKTION_GROUP)
    geschaeftsstelle, _created = Group.objects.get_or_create(name=GESCHAEFTSSTELLE_GROUP)
    redaktion.permissions.add(*compose)
    geschaeftsstelle.permissions.add(*compose, *schedule)
