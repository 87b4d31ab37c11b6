"""Who sees and changes which prevention measures — the one place stating the policy.

- Read: every member sees approved measures; the Redaktion sees everything; a person sees the proposals
  they submitted, and a Kommune's Ansprechpartner:in those of their Kommune.
- Propose and change: the Ansprechpartner:innen of a Kommune, for their own Kommune only (a change
  goes back to review); the Redaktion changes every measure and reviews the proposals.

`Massnahme.objects.visible_to(user)` / `.editable_by(user)` filter with the functions below; the
newsletter's `audience` keys say exactly what `visibility_filter` reads about a person.
"""

from django.apps import apps
from django.db.models import Q

from behoerden.models import Behoerde

from .choices import Status

NOTHING = Q(pk__in=[])


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def kommune_ansprechpartner_gemeinde_id(user) -> int | None:
    """Return the Gemeinde id a person may propose measures for (Ansprechpartner of a Kommune), else None."""
    if not getattr(user, "is_authenticated", False) or not user.is_ansprechpartner:
        return None
    behoerde = user.behoerde
    if behoerde is None or behoerde.art != Behoerde.Art.KOMMUNE:
        return None
    return behoerde.gemeinde_id


def can_propose(user) -> bool:
    """Ansprechpartner:innen of a Kommune (with a Gemeinde) may propose measures."""
    return _active(user) and kommune_ansprechpartner_gemeinde_id(user) is not None


def can_review(user) -> bool:
    """The Redaktion reviews proposals (approve, reject) and changes every measure."""
    return _active(user) and user.is_redaktion


def can_change_for_kommune(user, kommune) -> bool:
    """May propose or change a measure of this Kommune (Redaktion: every Kommune)."""
    if can_review(user):
        return True
    gemeinde_id = kommune_ansprechpartner_gemeinde_id(user)
    return gemeinde_id is not None and kommune is not None and kommune.pk == gemeinde_id


def visibility_filter(user) -> Q:
    """Return the Q object behind `Massnahme.objects.visible_to(user)`."""
    if not _active(user):
        return NOTHING
    if user.is_redaktion:
        return Q()
    condition = Q(status=Status.FREIGEGEBEN) | Q(eingereicht_von=user)
    gemeinde_id = kommune_ansprechpartner_gemeinde_id(user)
    if gemeinde_id:
        condition |= Q(kommune_id=gemeinde_id)
    return condition


def sees_all_released(user) -> bool:
    """Every signed-in, active person sees every released measure (`visibility_filter` grants the
    released ones to all): a list of released measures is the same for each of them, so the prevention
    pages share it (rendered once per content generation; a measure's change bumps it)."""
    return _active(user)


def editable_filter(user) -> Q:
    """Return the Q object behind `Massnahme.objects.editable_by(user)`: own Kommune; Redaktion all."""
    if not _active(user):
        return NOTHING
    if user.is_redaktion:
        return Q()
    gemeinde_id = kommune_ansprechpartner_gemeinde_id(user)
    return Q(kommune_id=gemeinde_id) if gemeinde_id else NOTHING


def audience(users) -> dict:
    """NewsSource audience: what `visibility_filter` reads — the Redaktion role, the person's own
    proposals and their Kommune as Ansprechpartner. One query for any number of people (authorities
    loaded with the users)."""
    Massnahme = apps.get_model("praevention", "Massnahme")
    submitters = set(
        Massnahme.objects.filter(eingereicht_von__in=[u.pk for u in users]).values_list(
            "eingereicht_von_id", flat=True
        )
    )
    keys = {}
    for user in users:
        if not _active(user):
            keys[user.pk] = ("niemand",)
        elif user.is_redaktion:
            keys[user.pk] = ("alle",)
        else:
            keys[user.pk] = (
                user.pk if user.pk in submitters else None,
                kommune_ansprechpartner_gemeinde_id(user),
            )
    return keys
