"""The glossary terms as a Wagtail snippet ("Glossarbegriffe") for the Redaktion."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossarBegriff


class GlossarBegriffViewSet(SnippetViewSet):
    model = GlossarBegriff
    icon = "list-ul"
    menu_label = _("Glossarbegriffe")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["begriff", "abkuerzung", "geaendert"]
    list_filter = ["fachgebiete", "buchstabe"]
    search_fields = ["begriff", "abkuerzung", "synonyme"]
    ordering = ["begriff"]


register_snippet(GlossarBegriffViewSet)
