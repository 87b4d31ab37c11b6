from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Regelwerk


class RegelwerkViewSet(SnippetViewSet):
    """Nutzungsbedingungen and VS-NfD-Merkblatt: a new text is a new version (higher number)."""

    model = Regelwerk
    icon = "doc-full"
    menu_label = _("Nutzungsbedingungen")
    add_to_admin_menu = True
    list_display = ["titel", "art", "version", "veroeffentlicht_am"]
    list_filter = ["art"]


register_snippet(RegelwerkViewSet)
