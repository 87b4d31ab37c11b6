from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PraeventionConfig(AppConfig):
    name = "praevention"
    verbose_name = _("Prävention")
