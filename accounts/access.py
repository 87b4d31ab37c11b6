"""Who may manage accounts: the Geschäftsstelle all of them, an Ansprechpartner their own authority's staff.

Views ask these predicates and fetch people only through `User.objects.manageable_by(user)` (the
rule `manageable_filter`), so a person outside one's scope answers 404 (and the refusal is audited by
`get_visible_or_404`); invitations likewise through `Einladung.objects.visible_to(user)`.
"""

from django.db.models import Q

NOTHING = Q(pk__in=[])


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def manages_every_behoerde(user) -> bool:
    """The Geschäftsstelle manages the people of every authority (and may filter by authority)."""
    return _active(user) and user.is_geschaeftsstelle


def manageable_filter(user) -> Q:
    """Return the Q object behind `User.objects.manageable_by(user)`: all for the Geschäftsstelle, own
    staff for an Ansprechpartner — never Geschäftsstelle or superuser accounts, even in their authority."""
    if not _active(user):
        return NOTHING
    if user.is_geschaeftsstelle:
        return Q()
    if user.is_ansprechpartner:
        return Q(behoerde_id=user.behoerde_id, ist_geschaeftsstelle=False, is_superuser=False)
    return NOTHING


def einladung_filter(user) -> Q:
    """Return the Q object behind `Einladung.objects.visible_to(user)`: all for the Geschäftsstelle, own
    authority's for an Ansprechpartner."""
    if not _active(user):
        return NOTHING
    if user.is_geschaeftsstelle:
        return Q()
    if user.is_ansprechpartner:
        return Q(behoerde_id=user.behoerde_id)
    return NOTHING


def can_manage_people(user) -> bool:
    """May open the staff management (Personen) pages at all."""
    return user.is_authenticated and (user.is_geschaeftsstelle or user.is_ansprechpartner)


def can_set_portal_roles(user) -> bool:
    """Only the Geschäftsstelle grants the portal-wide roles Redaktion and Geschäftsstelle."""
    return user.is_authenticated and user.is_geschaeftsstelle


def can_invite(user, *, behoerde, rolle=None, redaktion=False, geschaeftsstelle=False) -> bool:
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
