from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from portal import content_cache


class FachgebieteConfig(AppConfig):
    name = "fachgebiete"
    verbose_name = _("Fachgebiete")

    def ready(self):
        from django.contrib.auth import get_user_model

        from .models import Fachgebiet

        # Shown in shared, cached page parts: Fachgebiet names (glossary, page bodies) and the person
        # responsible for a page's content (review footer). Contacts are rendered per request.
        content_cache.bump_on_change(Fachgebiet)
        post_save.connect(_person_saved, sender=get_user_model(), dispatch_uid="content_cache_person_saved")
        post_delete.connect(
            content_cache.bump, sender=get_user_model(), dispatch_uid="content_cache_person_deleted"
        )


# A person's name is shown in cached parts; a login (last_login) or password change is not, and must not
# throw away every shared cache each time somebody logs in.
SHOWN_PERSON_FIELDS = {"first_name", "last_name", "email", "is_active"}


def _person_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not SHOWN_PERSON_FIELDS & set(update_fields):
        return
    content_cache.bump()
