"""The start page. Content page types live in their sections' apps."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .navigation import SECTIONS


class HomePage(Page):
    """The start page: greeting, what is new for this person, upcoming events, quick links."""

    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("Startseite")

    def get_context(self, request, *args, **kwargs):
        from .news import news_for

        context = super().get_context(request, *args, **kwargs)
        since = request.session.get("siko_previous_visit")
        since = (
            timezone.datetime.fromisoformat(since) if since else timezone.now() - timezone.timedelta(days=14)
        )
        context["news_since"] = since
        context["news"] = news_for(request.user, since)
        context["sections"] = SECTIONS
        return context
