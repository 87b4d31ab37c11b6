"""Checks that sections add to the health check (`/health/`), so that the core imports no section.

A section registers `register(name, probe)` in its AppConfig.ready(), e.g. `dateien` its virus scanner:
`probe()` returns None while the service is not configured (left out of the answer), True when it
answers and False when it does not (the health check then answers 503).
"""

from collections.abc import Callable

_probes: dict[str, Callable[[], bool | None]] = {}


def register(name: str, probe: Callable[[], bool | None]) -> None:
    _probes[name] = probe


def probes() -> dict[str, Callable[[], bool | None]]:
    """The registered probes by name, in registration order."""
    return dict(_probes)
