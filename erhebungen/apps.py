from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ErhebungenConfig(AppConfig):
    name = "erhebungen"
    verbose_name = _("Erhebungen")
