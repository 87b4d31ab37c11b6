"""Who may do what in the directory. Every member may read it; editing is narrow."""

from django.db.models import Q

from .models import Behoerde


def behoerden_visible_to(user):
    """Every active member reads the directory of the active partner authorities."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Behoerde.objects.none()
    return Behoerde.objects.aktiv()


def can_edit_behoerde(user, behoerde: Behoerde) -> bool:
    """The Geschäftsstelle edits every entry; an Ansprechpartner only their own authority's."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_geschaeftsstelle:
        return True
    return user.is_ansprechpartner and user.behoerde_id == behoerde.pk


def is_listed(person) -> bool:
    """True when the person appears in the directory: active and chose to be listed (as `listed_people`)."""
    return bool(person.is_active and person.im_verzeichnis)


def listed_filter() -> Q:
    """The people the directory shows anywhere (search too): active, chose to be listed, at an active
    authority."""
    return Q(is_active=True, im_verzeichnis=True, behoerde__aktiv=True)


def listed_people(behoerde: Behoerde):
    """People of the authority who chose to be listed in the directory."""
    return behoerde.mitarbeitende.filter(is_active=True, im_verzeichnis=True).order_by(
        "last_name", "first_name"
    )
