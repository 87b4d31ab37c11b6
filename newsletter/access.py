"""Who works on the newsletter: the Redaktion edits and submits issues, the Geschäftsstelle approves
(four eyes: not its own issue) and starts the sending. Everyone else has no management pages at all.

`Ausgabe.objects.manageable_by(user)` filters with `manageable_filter`. What each recipient's digest
shows is the news sources' own rule (each section's `access.py`, `audience` for the grouping).
"""

from django.db.models import Q


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_manage_ausgaben(user) -> bool:
    """The Redaktion (and with it the Geschäftsstelle) edits, submits, resets and test-sends issues."""
    return _active(user) and user.is_redaktion


def can_approve_ausgaben(user) -> bool:
    """The Geschäftsstelle approves issues (another person than the author, see `is_author`)."""
    return _active(user) and user.is_geschaeftsstelle


def can_send_ausgaben(user) -> bool:
    """The Geschäftsstelle starts sending an approved issue."""
    return _active(user) and user.is_geschaeftsstelle


def is_author(user, ausgabe) -> bool:
    """Wrote or submitted the issue: may not approve it too (four eyes)."""
    return user.pk in (ausgabe.erstellt_von_id, ausgabe.eingereicht_von_id)


def manageable_filter(user) -> Q:
    """Return the Q object behind `Ausgabe.objects.manageable_by(user)`: every issue or none."""
    return Q() if can_manage_ausgaben(user) else Q(pk__in=[])
