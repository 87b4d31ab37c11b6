"""System check: a deployment without a virus scanner is reported, never silent."""

from django.core.checks import Tags, Warning, register

from .clamav import scanner_address


@register(Tags.security, deploy=True)
def virus_scanner_configured(app_configs, **kwargs):
    """Warn at `check --deploy` when uploads are not virus-scanned (ANTIVIRUS=aus or no clamd)."""
    if scanner_address() is not None:
        return []
    return [
        Warning(
            "Uploads werden nicht auf Viren geprüft (ANTIVIRUS=aus oder kein clamd konfiguriert).",
            hint="CLAMD_SOCKET oder CLAMD_HOST/CLAMD_PORT auf einen laufenden clamd setzen "
            "(docker-compose.yml: Dienst clamd).",
            id="dateien.W001",
        )
    ]
