"""Access policy of the exchange board, in one place.

- Areas: everyone sees the general and Fachgebiet areas; an Arbeitskreis area only its members and
  the Geschäftsstelle (`Bereich.objects.visible_to`).
- Threads: those in visible areas; hidden threads only for their moderators (`Thema.objects.visible_to`).
- Moderation: the Geschäftsstelle everywhere, the Arbeitskreis-Leitung in its own area.
- Editing a post: its author only, while the thread is open.
"""

from dataclasses import dataclass

from arbeitskreise.access import arbeitskreise_led_by, memberships_of_many

from .models import Beitrag, Bereich, Thema


def can_see_bereich(user, bereich: Bereich) -> bool:
    return Bereich.objects.visible_to(user).filter(pk=bereich.pk).exists()


def can_moderate(user, bereich: Bereich) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_geschaeftsstelle:
        return True
    if bereich.arbeitskreis_id is None:
        return False
    return arbeitskreise_led_by(user).filter(arbeitskreis_id=bereich.arbeitskreis_id).exists()


def _is_open(thema: Thema) -> bool:
    return not thema.ist_geschlossen and thema.archiviert_am is None


def can_post(user, thema: Thema) -> bool:
    return _is_open(thema) or can_moderate(user, thema.bereich)


def can_edit_post(user, beitrag: Beitrag) -> bool:
    return (
        user.is_authenticated
        and beitrag.autor_id == user.pk
        and beitrag.geloescht_am is None
        and not beitrag.thema.ist_geschlossen
        and beitrag.thema.archiviert_am is None
    )


def can_mark_answered(user, thema: Thema) -> bool:
    return thema.autor_id == user.pk or can_moderate(user, thema.bereich)


@dataclass(frozen=True)
class ThreadRights:
    """What a person may do on a thread page, decided once per request (one membership check)."""

    moderate: bool
    reply: bool
    mark_answered: bool


def thread_rights(user, thema: Thema) -> ThreadRights:
    """Return the person's rights on the thread: the predicates above, with `can_moderate` asked once."""
    moderate = can_moderate(user, thema.bereich)
    return ThreadRights(
        moderate=moderate,
        reply=_is_open(thema) or moderate,
        mark_answered=thema.autor_id == user.pk or moderate,
    )


def audience(users) -> dict:
    """NewsSource audience of the board: `Thema.objects.visible_to(user)` reads only Geschäftsstelle or
    not, the person's Arbeitskreise and those they lead. One query for any number of people."""
    memberships = memberships_of_many(users)
    keys = {}
    for user in users:
        if not user.is_authenticated or not user.is_active:
            keys[user.pk] = ("niemand",)
        elif user.is_geschaeftsstelle:
            keys[user.pk] = ("alle",)
        else:
            keys[user.pk] = (memberships[user.pk].arbeitskreise, memberships[user.pk].leads)
    return keys
