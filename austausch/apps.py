from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AustauschConfig(AppConfig):
    name = "austausch"
    verbose_name = _("Informationsaustausch")
