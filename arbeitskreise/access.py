"""Who belongs to an Arbeitskreis and what follows from it — the one membership policy of the portal.

Everyone sees the list (name, purpose, Leitung); the closed space (members, meetings, documents,
board area) is for members and the Geschäftsstelle. The board's closed areas, the Arbeitskreis pages
and the Lagebilder shared with Arbeitskreise all ask the functions below, so that membership means
the same everywhere. They return id querysets, used as SQL subqueries (no extra query per check).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from .models import Arbeitskreis, Beitrittsanfrage, Dokument, Mitgliedschaft, Sitzung


def _is_active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def arbeitskreise_of(user):
    """Return the ids of the Arbeitskreise this person belongs to (as member or Leitung).

    A values queryset: use it as a subquery (`arbeitskreis_id__in=arbeitskreise_of(user)`)."""
    if not _is_active(user):
        return Mitgliedschaft.objects.none().values("arbeitskreis_id")
    return Mitgliedschaft.objects.filter(user=user).values("arbeitskreis_id")


def arbeitskreise_led_by(user):
    """Return the ids of the Arbeitskreise this person leads (a values queryset, as above)."""
    if not _is_active(user):
        return Mitgliedschaft.objects.none().values("arbeitskreis_id")
    return Mitgliedschaft.objects.filter(user=user, ist_leitung=True).values("arbeitskreis_id")


def members_of(arbeitskreis_id: int):
    """Return the ids of the people who belong to the Arbeitskreis (a values queryset)."""
    return Mitgliedschaft.objects.filter(arbeitskreis_id=arbeitskreis_id).values("user_id")


def leitung_of(arbeitskreis_id: int):
    """Return the ids of the people who lead the Arbeitskreis (a values queryset)."""
    return Mitgliedschaft.objects.filter(arbeitskreis_id=arbeitskreis_id, ist_leitung=True).values("user_id")


@dataclass(frozen=True)
class Memberships:
    """A person's Arbeitskreise (ids), those they lead, and the Arbeitskreise's permission groups."""

    arbeitskreise: frozenset[int] = frozenset()
    leads: frozenset[int] = frozenset()
    gruppen: frozenset[int] = frozenset()


def memberships_of_many(users) -> dict[int, Memberships]:
    """`arbeitskreise_of` and `arbeitskreise_led_by` for many people at once, in one query (newsletter
    audiences). Inactive people belong to nothing, as above."""
    rows: dict[int, list] = {user.pk: [] for user in users if _is_active(user)}
    for row in Mitgliedschaft.objects.filter(user_id__in=list(rows)).values_list(
        "user_id", "arbeitskreis_id", "ist_leitung", "arbeitskreis__gruppe_id"
    ):
        rows[row[0]].append(row)
    result = {user.pk: Memberships() for user in users}
    for user_id, own in rows.items():
        result[user_id] = Memberships(
            arbeitskreise=frozenset(ak for _user, ak, _leitung, _gruppe in own),
            leads=frozenset(ak for _user, ak, leitung, _gruppe in own if leitung),
            gruppen=frozenset(gruppe for _user, _ak, _leitung, gruppe in own),
        )
    return result


def is_member(user, arbeitskreis: Arbeitskreis) -> bool:
    return arbeitskreise_of(user).filter(arbeitskreis_id=arbeitskreis.pk).exists()


def is_leitung(user, arbeitskreis: Arbeitskreis) -> bool:
    return arbeitskreise_led_by(user).filter(arbeitskreis_id=arbeitskreis.pk).exists()


def can_see_space(user, arbeitskreis: Arbeitskreis) -> bool:
    """Members and the Geschäftsstelle see the closed space."""
    return _is_active(user) and (user.is_geschaeftsstelle or is_member(user, arbeitskreis))


def can_manage(user, arbeitskreis: Arbeitskreis) -> bool:
    """The Leitung and the Geschäftsstelle manage members, join requests and meeting dates."""
    return _is_active(user) and (user.is_geschaeftsstelle or is_leitung(user, arbeitskreis))


def arbeitskreise_visible_to(user):
    """Every active member sees the list of Arbeitskreise (name, purpose, Leitung)."""
    return Arbeitskreis.objects.all() if _is_active(user) else Arbeitskreis.objects.none()


def spaces_visible_to(user):
    """Return the ids of the Arbeitskreise whose closed space this person sees (`can_see_space` for all
    at once): every one for the Geschäftsstelle, else their own."""
    if not _is_active(user):
        return Arbeitskreis.objects.none().values("pk")
    if user.is_geschaeftsstelle:
        return Arbeitskreis.objects.values("pk")
    return Arbeitskreis.objects.filter(pk__in=arbeitskreise_of(user)).values("pk")


def managed_by(user):
    """Return the ids of the Arbeitskreise this person manages (`can_manage` for all at once)."""
    if not _is_active(user):
        return Arbeitskreis.objects.none().values("pk")
    if user.is_geschaeftsstelle:
        return Arbeitskreis.objects.values("pk")
    return Arbeitskreis.objects.filter(pk__in=arbeitskreise_led_by(user)).values("pk")


def sitzungen_visible_to(user):
    """Meeting dates of the spaces this person sees."""
    return Sitzung.objects.filter(arbeitskreis_id__in=spaces_visible_to(user))


def dokumente_visible_to(user):
    """Documents of the spaces this person sees."""
    return Dokument.objects.filter(arbeitskreis_id__in=spaces_visible_to(user))


def beitrittsanfragen_manageable_by(user):
    """Join requests this person decides: those of the Arbeitskreise they manage."""
    return Beitrittsanfrage.objects.filter(arbeitskreis_id__in=managed_by(user))


def members_manageable_by(user, arbeitskreis: Arbeitskreis):
    """The members of the Arbeitskreis whom this person may remove or make Leitung (none unless they
    manage it)."""
    if not can_manage(user, arbeitskreis):
        return get_user_model().objects.none()
    return get_user_model().objects.filter(pk__in=members_of(arbeitskreis.pk))


@dataclass(frozen=True)
class SpaceRights:
    """What a person may do in one Arbeitskreis, decided with one membership query (for its page)."""

    member: bool
    see_space: bool
    manage: bool


def space_rights(user, arbeitskreis: Arbeitskreis) -> SpaceRights:
    """Return `is_member`, `can_see_space` and `can_manage` for the Arbeitskreis page at once."""
    if not _is_active(user):
        return SpaceRights(member=False, see_space=False, manage=False)
    leitung = (
        arbeitskreise_of(user)
        .filter(arbeitskreis_id=arbeitskreis.pk)
        .values_list("ist_leitung", flat=True)
        .first()
    )
    member = leitung is not None
    return SpaceRights(
        member=member,
        see_space=user.is_geschaeftsstelle or member,
        manage=user.is_geschaeftsstelle or bool(leitung),
    )
