"""CMS: the Redaktion composes issues as snippets; status changes happen on the portal workflow page."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import search_cache

from .models import Ausgabe
from .services import ausgabe_after_edit


class AusgabeViewSet(SnippetViewSet):
    model = Ausgabe
    icon = "mail"
    menu_label = _("Newsletter-Ausgaben")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["titel", "status", "erstellt_am", "versand_gestartet_am"]
    list_filter = ["status"]
    search_fields = ["titel"]


register_snippet(AusgabeViewSet)


@hooks.register("after_create_snippet")
def set_author(request, instance):
    if isinstance(instance, Ausgabe) and instance.erstellt_von_id is None:
        Ausgabe.objects.filter(pk=instance.pk).update(erstellt_von=request.user)
        search_cache.changed()


@hooks.register("before_edit_snippet")
def refuse_edit_after_sending(request, instance):
    if isinstance(instance, Ausgabe) and not instance.is_editable:
        messages.error(
            request, _("Eine Ausgabe, die versendet wird oder wurde, kann nicht mehr geändert werden.")
        )
        return redirect(reverse("newsletter:verwaltung_detail", kwargs={"pk": instance.pk}))
    return None


@hooks.register("before_delete_snippet")
def refuse_delete_after_sending(request, instances):
    if any(isinstance(i, Ausgabe) and i.status in ("wird_versendet", "versendet") for i in instances):
        messages.error(request, _("Versendete Ausgaben bleiben im Archiv und können nicht gelöscht werden."))
        return redirect(reverse("newsletter:verwaltung"))
    return None


@hooks.register("after_edit_snippet")
def reset_approval_on_edit(request, instance):
    if isinstance(instance, Ausgabe):
        ausgabe_after_edit(ausgabe=instance, by=request.user)


@hooks.register("register_admin_menu_item")
def register_workflow_menu_item():
    return MenuItem(
        _("Newsletter: Freigabe & Versand"), reverse("newsletter:verwaltung"), icon_name="mail", order=301
    )
