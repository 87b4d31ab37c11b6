"""Shared state for `manage.py seed_demo`: the demo accounts and helpers every section's demo uses."""

import base64
import hashlib
from dataclasses import dataclass, field

DEMO_PASSWORD = "Ruhr-Demo-2026!"


def demo_totp_secret(email: str) -> str:
    """A stable base32 TOTP secret per demo account, so re-running the seed changes nothing."""
    return base64.b32encode(hashlib.sha256(f"siko-demo-totp:{email}".encode()).digest()[:20]).decode()


@dataclass
class DemoContext:
    stdout: object
    accounts: list[dict] = field(default_factory=list)
    users: dict[str, object] = field(default_factory=dict)  # key -> User, e.g. "pp-essen-mitglied"

    def log(self, message: str) -> None:
        self.stdout.write(message)
