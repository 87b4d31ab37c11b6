"""Access policy of the exchange board, in one place.

- Areas: everyone sees the general and Fachgebiet areas; an Arbeitskreis area only its members and
  the Geschäftsstelle (`Bereich.objects.visible_to`).
- Threads: those in visible areas; hidden threads only for their moderators (`Thema.objects.visible_to`).
- Moderation: the Geschäftsstelle everywhere, the Arbeitskreis-Leitung in its own area.
- Editing a post: its author only, while the thread is open.
- Deleting a post: its author or a moderator of its area.

The models' `visible_to` querysets filter with `bereich_filter` and `thema_filter` (the models import
this module, so it reads them through the app registry where it needs them).
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q

from arbeitskreise.access import (
    arbeitskreise_led_by,
    arbeitskreise_of,
    leitung_of,
    members_of,
    memberships_of_many,
)

NOTHING = Q(pk__in=[])


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _area_visibility(user, prefix: str = "") -> Q:
    """The condition on an area (`prefix` leads from a thread to it): open, or one of the person's
    Arbeitskreise. Only for active people who are not the Geschäftsstelle (the callers check)."""
    return Q(**{f"{prefix}arbeitskreis__isnull": True}) | Q(
        **{f"{prefix}arbeitskreis_id__in": arbeitskreise_of(user)}
    )


def bereich_filter(user) -> Q:
    """Return the Q object behind `Bereich.objects.visible_to(user)`: all open areas, and the areas of
    the person's Arbeitskreise (the Geschäftsstelle: every area)."""
    if not _active(user):
        return NOTHING
    if user.is_geschaeftsstelle:
        return Q()
    return _area_visibility(user)


def thema_filter(user, prefix: str = "") -> Q:
    """Return the Q object behind `Thema.objects.visible_to(user)`: threads in visible areas; hidden
    ones only for their moderators. `prefix` leads to the thread (e.g. "thema__" from a post: the
    same rule through a join, which the search's date walk over posts builds faster than a subquery)."""
    if not _active(user):
        return NOTHING
    if user.is_geschaeftsstelle:
        return Q()
    return _area_visibility(user, prefix=f"{prefix}bereich__") & (
        Q(**{f"{prefix}ist_verborgen": False})
        | Q(**{f"{prefix}bereich__arbeitskreis_id__in": arbeitskreise_led_by(user)})
    )


def moderation_filter(user, prefix: str = "") -> Q:
    """The areas this person moderates (`can_moderate` for all at once; `prefix` leads to the area):
    every area for the Geschäftsstelle, the Arbeitskreis areas they lead."""
    if not _active(user):
        return NOTHING
    if user.is_geschaeftsstelle:
        return Q()
    return Q(**{f"{prefix}arbeitskreis_id__in": arbeitskreise_led_by(user)})


def moderators_of(bereich) -> set[int]:
    """Return the ids of the active people who moderate the area (`can_moderate`, one query)."""
    moderators = Q(ist_geschaeftsstelle=True) | Q(is_superuser=True)
    if bereich.arbeitskreis_id:
        moderators |= Q(pk__in=leitung_of(bereich.arbeitskreis_id))
    return set(get_user_model().objects.filter(moderators, is_active=True).values_list("pk", flat=True))


def can_see_bereich(user, bereich) -> bool:
    return apps.get_model("austausch", "Bereich").objects.visible_to(user).filter(pk=bereich.pk).exists()


def users_who_can_see(bereich, user_ids) -> set[int]:
    """Return the ids among `user_ids` of active people who may see the area (one query)."""
    qs = get_user_model().objects.filter(pk__in=set(user_ids), is_active=True)
    if bereich.arbeitskreis_id:
        members = members_of(bereich.arbeitskreis_id)
        qs = qs.filter(Q(ist_geschaeftsstelle=True) | Q(is_superuser=True) | Q(pk__in=members))
    return set(qs.values_list("pk", flat=True))


def can_moderate(user, bereich) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_geschaeftsstelle:
        return True
    if bereich.arbeitskreis_id is None:
        return False
    return arbeitskreise_led_by(user).filter(arbeitskreis_id=bereich.arbeitskreis_id).exists()


def _is_open(thema) -> bool:
    return not thema.ist_geschlossen and thema.archiviert_am is None


def can_post(user, thema) -> bool:
    return _active(user) and (_is_open(thema) or can_moderate(user, thema.bereich))


def can_edit_post(user, beitrag) -> bool:
    return (
        _active(user)
        and beitrag.autor_id == user.pk
        and beitrag.geloescht_am is None
        and not beitrag.thema.ist_geschlossen
        and beitrag.thema.archiviert_am is None
    )


def can_delete_post(user, beitrag) -> bool:
    """The author or a moderator of the post's area deletes a post (with a reason)."""
    return _active(user) and (beitrag.autor_id == user.pk or can_moderate(user, beitrag.thema.bereich))


def can_mark_answered(user, thema) -> bool:
    return _active(user) and (thema.autor_id == user.pk or can_moderate(user, thema.bereich))


@dataclass(frozen=True)
class ThreadRights:
    """What a person may do on a thread page, decided once per request (one membership check)."""

    moderate: bool
    reply: bool
    mark_answered: bool


def thread_rights(user, thema) -> ThreadRights:
    """Return the person's rights on the thread: the predicates above, with `can_moderate` asked once."""
    if not _active(user):
        return ThreadRights(moderate=False, reply=False, mark_answered=False)
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
