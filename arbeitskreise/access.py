"""Who belongs to an Arbeitskreis and what follows from it — the one membership policy of the portal.

Everyone sees the list (name, purpose, Leitung); the closed space (members, meetings, documents,
board area) is for members and the Geschäftsstelle. The board's closed areas, the Arbeitskreis pages
and the Lagebilder shared with Arbeitskreise all ask the functions below, so that membership means
the same everywhere. They return querysets, usable as SQL subqueries (no extra query per check).
"""

from django.contrib.auth import get_user_model

from .models import Arbeitskreis, Mitgliedschaft


def _is_active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def arbeitskreise_of(user):
    """Return the Arbeitskreise this person belongs to (as member or Leitung)."""
    if not _is_active(user):
        return Arbeitskreis.objects.none()
    return Arbeitskreis.objects.filter(
        pk__in=Mitgliedschaft.objects.filter(user=user).values("arbeitskreis_id")
    )


def arbeitskreise_led_by(user):
    """Return the Arbeitskreise this person leads."""
    if not _is_active(user):
        return Arbeitskreis.objects.none()
    return Arbeitskreis.objects.filter(
        pk__in=Mitgliedschaft.objects.filter(user=user, ist_leitung=True).values("arbeitskreis_id")
    )


def members_of(arbeitskreis_id: int):
    """Return the people who belong to the Arbeitskreis (as member or Leitung)."""
    return get_user_model().objects.filter(
        pk__in=Mitgliedschaft.objects.filter(arbeitskreis_id=arbeitskreis_id).values("user_id")
    )


def leitung_of(arbeitskreis_id: int):
    """Return the people who lead the Arbeitskreis."""
    return get_user_model().objects.filter(
        pk__in=Mitgliedschaft.objects.filter(arbeitskreis_id=arbeitskreis_id, ist_leitung=True).values(
            "user_id"
        )
    )


def is_member(user, arbeitskreis: Arbeitskreis) -> bool:
    return arbeitskreise_of(user).filter(pk=arbeitskreis.pk).exists()


def is_leitung(user, arbeitskreis: Arbeitskreis) -> bool:
    return arbeitskreise_led_by(user).filter(pk=arbeitskreis.pk).exists()


def can_see_space(user, arbeitskreis: Arbeitskreis) -> bool:
    """Members and the Geschäftsstelle see the closed space."""
    return _is_active(user) and (user.is_geschaeftsstelle or is_member(user, arbeitskreis))


def can_manage(user, arbeitskreis: Arbeitskreis) -> bool:
    """The Leitung and the Geschäftsstelle manage members, join requests and meeting dates."""
    return _is_active(user) and (user.is_geschaeftsstelle or is_leitung(user, arbeitskreis))
