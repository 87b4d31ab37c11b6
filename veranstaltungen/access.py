"""Who sees which Fachveranstaltung, who organises it and who gets its online access link — in one place.

- Read: events without an admission limit for every member; limited events for the kinds of authority
  admitted, for the people named as organisers and for the organiser roles (Redaktion, Geschäftsstelle).
- Organise (participant list, exports): the organiser roles and the people named on the event.
- Online access link (page, iCalendar): organisers and people registered with a place (not on the
  waiting list, not cancelled).

`VeranstaltungPage.objects.visible_to(user)` filters with `visibility_filter`; the newsletter's
`audience` keys say exactly what it reads about a person.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from behoerden.models import Behoerde

NOTHING = Q(pk__in=[])
# The registration status that brings the online access link (`Anmeldung.Status.ANGEMELDET`).
WITH_PLACE = "angemeldet"


def _model(name: str):
    # The models import this module (their QuerySet asks it), so it reads them through the registry.
    return apps.get_model("veranstaltungen", name)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_organiser_role(user) -> bool:
    """The Redaktion and the Geschäftsstelle organise every event."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_redaktion or user.is_geschaeftsstelle))


def can_organise(user, veranstaltung) -> bool:
    """May see the participant list and manage registrations of this event."""
    if is_organiser_role(user):
        return True
    return _active(user) and veranstaltung.organisatoren.filter(pk=user.pk).exists()


def sees_online_link(*, organises: bool, anmeldung_status: str | None) -> bool:
    """The online link rule for one event, from what its page has already read."""
    return organises or anmeldung_status == WITH_PLACE


def online_link_event_ids(user, event_ids) -> set[int]:
    """Return those of `event_ids` whose online access link this person may see (`sees_online_link`
    for many events: two queries)."""
    event_ids = list(event_ids)
    if not event_ids or not _active(user):
        return set()
    if is_organiser_role(user):
        return set(event_ids)
    registered = (
        _model("Anmeldung")
        .objects.filter(veranstaltung_id__in=event_ids, user=user, status=WITH_PLACE)
        .values_list("veranstaltung_id", flat=True)
    )
    return set(registered) | _organised_among(user, event_ids)


def _organised_among(user, event_ids) -> set[int]:
    """Those of `event_ids` that name this person as an organiser (one query)."""
    return set(
        _model("VeranstaltungPage")
        .organisatoren.through.objects.filter(veranstaltungpage_id__in=event_ids, user_id=user.pk)
        .values_list("veranstaltungpage_id", flat=True)
    )


def visibility_filter(user) -> Q:
    """Return the Q object behind `VeranstaltungPage.objects.visible_to(user)` (live pages only there)."""
    if not _active(user):
        return NOTHING
    if is_organiser_role(user):
        return Q()
    restricted = _model("VeranstaltungZielgruppe").objects.filter(veranstaltung=OuterRef("pk"))
    organised = _model("VeranstaltungPage").organisatoren.through.objects.filter(
        veranstaltungpage=OuterRef("pk"), user=user
    )
    # Subqueries, no join: one row per page.
    condition = ~Exists(restricted) | Exists(organised)
    art = user.behoerde.art if user.behoerde_id else None
    if art:
        condition |= Exists(restricted.filter(art=art))
    return condition


def _seen_by_kind(user, admitted) -> bool:
    """The part of `visibility_filter` that needs no query, for an active person: the organiser roles see
    every event, everybody an open one (nothing `admitted`), the admitted kinds of authority a limited one."""
    if is_organiser_role(user) or not admitted:
        return True
    art = user.behoerde.art if user.behoerde_id else None
    return bool(art and art in admitted)


def can_see(user, veranstaltung, *, organises=None) -> bool:
    """`visibility_filter` for one event, from what its page reads anyway: the admitted kinds of authority
    (kept under the content generation) and, only when the answer depends on it, whether the person
    organises it (`organises()`, else `can_organise`). The event page decides with this instead of
    fetching itself again through `visible_to`."""
    if not _active(user) or not veranstaltung.live:
        return False
    if _seen_by_kind(user, veranstaltung.admitted_arts()):
        return True
    return organises() if organises is not None else can_organise(user, veranstaltung)


def visible_among(user, admitted) -> set[int]:
    """`can_see` for many live events at once: `admitted` maps each event's id to the kinds of authority it
    admits (empty: open to all), as read under the content generation (the search's shared entries).
    Returns the ids this person may see — at most one query, for the events only their named organisers
    may see beside the admitted kinds."""
    if not _active(user):
        return set()
    visible = {pk for pk, arts in admitted.items() if _seen_by_kind(user, arts)}
    others = [pk for pk in admitted if pk not in visible]
    if others:
        visible |= _organised_among(user, others)
    return visible


def audience(users) -> dict:
    """NewsSource audience: what `visibility_filter` reads — the organiser role, the kind of the person's
    authority and whether they organise an event. Two queries for any number of people."""
    arts = dict(
        Behoerde.objects.filter(pk__in={u.behoerde_id for u in users if u.behoerde_id}).values_list(
            "pk", "art"
        )
    )
    organisers = set(
        _model("VeranstaltungPage")
        .organisatoren.through.objects.filter(user_id__in=[u.pk for u in users])
        .values_list("user_id", flat=True)
    )
    keys = {}
    for user in users:
        if not _active(user):
            keys[user.pk] = ("niemand",)
        elif is_organiser_role(user):
            keys[user.pk] = ("alle",)
        else:
            keys[user.pk] = (arts.get(user.behoerde_id), user.pk if user.pk in organisers else None)
    return keys
