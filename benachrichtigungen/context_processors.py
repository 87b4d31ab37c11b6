from django.utils.functional import SimpleLazyObject

from .services import unread_count


def benachrichtigungen(request):
    """The unread count for the header, computed only when a template shows it (cached per person)."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"benachrichtigungen_ungelesen": SimpleLazyObject(lambda: unread_count(user))}
