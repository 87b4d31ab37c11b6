from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedienConfig(AppConfig):
    """Serving of CMS documents and images through permission-checked views under /medien/."""

    name = "medien"
    verbose_name = _("Medien")
