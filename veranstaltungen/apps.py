from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VeranstaltungenConfig(AppConfig):
    name = "veranstaltungen"
    verbose_name = _("Fachveranstaltungen")
