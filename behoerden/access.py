"""Who may do what in the directory. Every member may read it; editing is narrow."""

from django.db.models import Q

from .models import Behoerde


def can_read_directory(user) -> bool:
    """Every active member reads the directory (authorities and the people listed there)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def listed_behoerden():
    """The authorities the directory shows (the same for every reader): the active ones."""
    return Behoerde.objects.aktiv()


def behoerden_visible_to(user):
    """The authorities this person may open in the directory."""
    return listed_behoerden() if can_read_directory(user) else Behoerde.objects.none()


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
