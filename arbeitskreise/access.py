"""Who may do what in an Arbeitskreis. Everyone sees the list (name, purpose, Leitung); the closed
space (members, meetings, documents, board area) is for members and the Geschäftsstelle."""

from .models import Arbeitskreis, Mitgliedschaft


def is_member(user, arbeitskreis: Arbeitskreis) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return Mitgliedschaft.objects.filter(arbeitskreis=arbeitskreis, user=user).exists()


def is_leitung(user, arbeitskreis: Arbeitskreis) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return Mitgliedschaft.objects.filter(arbeitskreis=arbeitskreis, user=user, ist_leitung=True).exists()


def can_see_space(user, arbeitskreis: Arbeitskreis) -> bool:
    """Members and the Geschäftsstelle see the closed space."""
    return user.is_authenticated and (user.is_geschaeftsstelle or is_member(user, arbeitskreis))


def can_manage(user, arbeitskreis: Arbeitskreis) -> bool:
    """The Leitung and the Geschäftsstelle manage members, join requests and meeting dates."""
    return user.is_authenticated and (user.is_geschaeftsstelle or is_leitung(user, arbeitskreis))
