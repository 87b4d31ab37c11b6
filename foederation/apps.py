from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoederationConfig(AppConfig):
    name = "foederation"
    verbose_name = _("Anmeldung mit der eigenen Behörde")

    def ready(self) -> None:
        from . import signals  # noqa: F401
