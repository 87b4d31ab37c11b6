from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Protokoll")

    def ready(self) -> None:
        from portal.access import access_denied

        access_denied.connect(record_denial, dispatch_uid="audit_access_denied")


def record_denial(sender, request, entry, **kwargs) -> None:
    """The `zugriff.verweigert` entry of a refused request (sent by the access policy)."""
    from .models import Aktion
    from .services import audit_log

    audit_log(aktion=Aktion.ZUGRIFF_VERWEIGERT, request=request, pfad=request.path[:500], **entry)
