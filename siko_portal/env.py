"""Read configuration from the environment (12-factor)."""

import os

from django.core.exceptions import ImproperlyConfigured


def env(name: str, default: str | None = None) -> str | None:
    """Return the variable, or the default when it is unset or empty."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_required(name: str) -> str:
    """Return the variable or refuse to start: production has no defaults for secrets."""
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"Die Umgebungsvariable {name} muss gesetzt sein.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "")
    if value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    if not value.strip():
        return default
    return [item.strip() for item in value.split(",") if item.strip()]
