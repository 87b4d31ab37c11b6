"""Signed, salted, expiring links from the email: preferences (through login) and one-click unsubscribe."""

from django.conf import settings
from django.core import signing

PURPOSE_PREFERENCES = "einstellungen"
PURPOSE_UNSUBSCRIBE = "abmelden"


class InvalidLink(Exception):
    """The link was forged, tampered with, expired or belongs to someone else."""


def _salt(purpose: str) -> str:
    return f"newsletter.link.{purpose}"


def link_token_make(*, user_id: int, purpose: str) -> str:
    """Return a URL-safe token naming this person for one purpose."""
    return signing.dumps({"u": user_id}, salt=_salt(purpose), compress=True)


def link_token_read(token: str, *, purpose: str) -> int:
    """Return the person's id, or raise InvalidLink."""
    try:
        data = signing.loads(token, salt=_salt(purpose), max_age=settings.NEWSLETTER_LINK_MAX_AGE)
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise InvalidLink(str(exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise InvalidLink("payload")
    return data["u"]
