"""The measures catalogue in the Wagtail admin for the Redaktion (review also at /massnahmen/pruefung/)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Massnahme


class MassnahmeViewSet(SnippetViewSet):
    model = Massnahme
    icon = "list-ul"
    menu_label = _("Präventionsmaßnahmen")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["titel", "kommune", "phase", "status", "aktualisiert_am"]
    list_filter = ["status", "phase", "zielgruppe", "programm"]
    search_fields = ["titel", "beschreibung"]
    ordering = ["status", "-aktualisiert_am"]
    panels = [
        FieldPanel("titel"),
        FieldRowPanel([FieldPanel("kommune"), FieldPanel("behoerde")]),
        FieldRowPanel([FieldPanel("programm"), FieldPanel("zielgruppe"), FieldPanel("phase")]),
        FieldRowPanel([FieldPanel("beginn"), FieldPanel("ende")]),
        FieldRowPanel([FieldPanel("kontakt"), FieldPanel("kontakt_text")]),
        FieldPanel("beschreibung"),
        FieldPanel("evaluationsergebnis"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("pruefhinweis")], heading=_("Prüfung durch die Redaktion")
        ),
    ]


register_snippet(MassnahmeViewSet)
