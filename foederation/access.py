"""Who may configure identity providers: the Geschäftsstelle only. The login chooser is public."""

from allauth.socialaccount.models import SocialAccount

from accounts.access import can_manage_people
from accounts.models import User


def can_manage_identitaetsanbieter(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_geschaeftsstelle)


def verknuepfungen_visible_to(user):
    """Federated links the person may remove: those of the people they manage (Geschäftsstelle, AP)."""

    if not can_manage_people(user):
        return SocialAccount.objects.none()
    return SocialAccount.objects.filter(user__in=User.objects.manageable_by(user)).select_related("user")
