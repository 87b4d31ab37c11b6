"""Log the demo accounts in (password + second factor verified) and write their session cookies.

    DJANGO_SETTINGS_MODULE=siko_portal.settings.dev DATABASE_URL=... python benchmarks/prepare_sessions.py var/bench/sessions.json

The sessions are stored like any real login's (cached_db: database + cache), so every gunicorn worker
accepts them. Load tests then skip the login form, whose rate limits would otherwise throttle them.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from portal.access import MFA_SESSION_KEY  # noqa: E402

ROLES = {
    "mitglied": User.objects.filter(ist_redaktion=False, ist_geschaeftsstelle=False, rolle="mitglied"),
    "ansprechpartner": User.objects.filter(
        ist_redaktion=False, ist_geschaeftsstelle=False, rolle="ansprechpartner"
    ),
    "redaktion": User.objects.filter(ist_redaktion=True, ist_geschaeftsstelle=False),
    "geschaeftsstelle": User.objects.filter(ist_geschaeftsstelle=True),
}


def main(path: str) -> None:
    sessions = {}
    for role, users in ROLES.items():
        sessions[role] = []
        for user in users.filter(is_active=True).order_by("pk")[:20]:
            client = Client()
            client.force_login(user)
            session = client.session
            session[MFA_SESSION_KEY] = True
            session.save()
            sessions[role].append(
                {"email": user.email, "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value}
            )
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(
        json.dumps({"cookie_name": settings.SESSION_COOKIE_NAME, "sessions": sessions}, indent=2),
        encoding="utf-8",
    )
    print(f"Sessions written to {path}: " + ", ".join(f"{r}={len(s)}" for r, s in sessions.items()))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "var/bench/sessions.json")
