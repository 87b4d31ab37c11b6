"""Who may manage accounts: the Geschäftsstelle all of them, an Ansprechpartner their own authority's staff.

Views ask these predicates and fetch people only through `User.objects.manageable_by(user)`, so a
person outside one's scope answers 404 (and the refusal is audited by `get_visible_or_404`).
"""

from .models import Rolle


def can_manage_people(user) -> bool:
    """May open the staff management (Personen) pages at all."""
    return user.is_authenticated and (user.is_geschaeftsstelle or user.is_ansprechpartner)


def can_set_portal_roles(user) -> bool:
    """Only the Geschäftsstelle grants the portal-wide roles Redaktion and Geschäftsstelle."""
    return user.is_authenticated and user.is_geschaeftsstelle


def can_invite(user, *, behoerde, rolle=Rolle.MITGLIED, redaktion=False, geschaeftsstelle=False) -> bool:
    """The Geschäftsstelle invites into any authority with any role; an AP only into their own, no portal roles."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_geschaeftsstelle:
        return True
    if not user.is_ansprechpartner or behoerde is None:
        return False
    return behoerde.pk == user.behoerde_id and not redaktion and not geschaeftsstelle


def can_manage_person(user, person) -> bool:
    """May deactivate, re-certify or change the role of this person."""
    if not can_manage_people(user):
        return False
    if user.is_geschaeftsstelle:
        return True
    return (
        person.behoerde_id == user.behoerde_id and not person.ist_geschaeftsstelle and not person.is_superuser
    )
