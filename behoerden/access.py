"""Who may do what in the directory. Every member may read it; editing is narrow."""

from .models import Behoerde


def can_edit_behoerde(user, behoerde: Behoerde) -> bool:
    """The Geschäftsstelle edits every entry; an Ansprechpartner only their own authority's."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_geschaeftsstelle:
        return True
    return user.is_ansprechpartner and user.behoerde_id == behoerde.pk


def listed_people(behoerde: Behoerde):
    """People of the authority who chose to be listed in the directory."""
    return behoerde.mitarbeitende.filter(is_active=True, im_verzeichnis=True).order_by(
        "last_name", "first_name"
    )
