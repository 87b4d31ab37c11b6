"""Access policy of the requests to the Geschäftsstelle (Anfragen), in one place.

- A request is seen by the Geschäftsstelle and by the people of the requesting authority
  (`Anfrage.objects.visible_to`); the result file likewise.
- Only the Geschäftsstelle moves a request on in its workflow and sees the processing list.
- Only people of the requesting authority answer a Rückfrage.
- Filing a request needs an authority on the person's account.
"""

from django.apps import apps
from django.db.models import Q

NOTHING = Q(pk__in=[])


def visibility_filter(user) -> Q:
    """The Geschäftsstelle sees all requests; others those of their own authority."""
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if user.is_geschaeftsstelle:
        return Q()
    if not user.behoerde_id:
        return NOTHING
    return Q(behoerde_id=user.behoerde_id)


def visible_anfragen(user):
    """Return the requests this person may see (the QuerySet rule, named here for search and exports)."""
    # The models call this module (AnfrageQuerySet.visible_to); it reads them through the app registry.
    return apps.get_model("anfragen", "Anfrage").objects.filter(visibility_filter(user))


def can_file(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.behoerde_id)


def can_process(user) -> bool:
    """The Geschäftsstelle processes every request (status, Rückfrage, result)."""
    return bool(user.is_authenticated and user.is_active and user.is_geschaeftsstelle)


def can_answer(user, anfrage) -> bool:
    """People of the requesting authority answer a Rückfrage."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.behoerde_id
        and anfrage.behoerde_id == user.behoerde_id
    )
