from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysenConfig(AppConfig):
    """360°-Analysen. Deliberately registers no search provider, news source, feed or related list:
    a case is need-to-know and appears only on its own pages."""

    name = "analysen"
    verbose_name = _("360°-Analysen")
