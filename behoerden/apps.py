from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BehoerdenConfig(AppConfig):
    name = "behoerden"
    verbose_name = _("Behörden & Institutionen")
