"""Access policy of the 360°-Analysen, in one place (need-to-know).

- A case is seen by the Geschäftsstelle and by the people named for an authority that takes part
  (`Analysevorgang.objects.visible_to`); a removed authority's people lose access at once. Everybody else
  gets 404 for every URL of the case, and no case appears in search, on the start page, in feeds or in
  the newsletter (the app registers no search provider, news source or feed).
- The case lead (Fallführung) and the Geschäftsstelle manage the case: participants, requests for
  contributions, reminders, report, Fallbesprechungen, closing, the deletion date.
- An authority contributes only while it takes part and has been asked, through its named people.
- The report is released by someone of the Geschäftsstelle who did not write it (four eyes); a released
  report is read by every participant; its read log by the Geschäftsstelle and the requesting authority.
- Tasks are updated by the named people of the responsible authority (and the Geschäftsstelle).
"""

from django.apps import apps
from django.db.models import Q

NOTHING = Q(pk__in=[])


def _model(name: str):
    # The models call this module (VorgangQuerySet.visible_to); it reads them through the app registry.
    return apps.get_model("analysen", name)


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def visibility_filter(user) -> Q:
    """Need-to-know: the Geschäftsstelle sees every case; others only the cases they are named in as a
    person of an authority that still takes part."""
    if not _active(user):
        return NOTHING
    if user.is_geschaeftsstelle:
        return Q()
    if not user.behoerde_id:
        return NOTHING
    named = _model("Beteiligung").objects.active().filter(behoerde_id=user.behoerde_id, personen=user)
    return Q(pk__in=named.values("vorgang_id"))


def visible_vorgaenge(user):
    """Return the cases this person may see."""
    return _model("Analysevorgang").objects.filter(visibility_filter(user))


def can_work_on_cases(user) -> bool:
    """People of the Geschäftsstelle: they lead cases and may be invited to any Fallbesprechung."""
    return _active(user) and user.is_geschaeftsstelle


def can_open(user) -> bool:
    """Only the Geschäftsstelle opens cases."""
    return _active(user) and user.is_geschaeftsstelle


def can_manage(user, vorgang) -> bool:
    """The Geschäftsstelle (case lead and colleagues) manages a case."""
    return _active(user) and user.is_geschaeftsstelle


def participation_of(user, vorgang):
    """The active participation this person is named in, or None."""
    if not _active(user) or not user.behoerde_id:
        return None
    return (
        _model("Beteiligung")
        .objects.active()
        .filter(vorgang=vorgang, behoerde_id=user.behoerde_id, personen=user)
        .first()
    )


def can_contribute(user, vorgang) -> bool:
    """A named person of a participating authority that has been asked, while the case is open."""
    if vorgang.ist_abgeschlossen or vorgang.inhalte_geloescht_am:
        return False
    beteiligung = participation_of(user, vorgang)
    return (
        beteiligung is not None and vorgang.anforderungen.filter(behoerde_id=beteiligung.behoerde_id).exists()
    )


def can_see_contributions(user, vorgang) -> bool:
    """All contributions: the Geschäftsstelle; a participant sees its own authority's only."""
    return can_manage(user, vorgang)


def can_release_report(user, bericht) -> bool:
    """Four eyes: someone of the Geschäftsstelle who is not the report's author."""
    return _active(user) and user.is_geschaeftsstelle and bericht.verfasst_von_id != user.pk


def can_read_report(user, vorgang) -> bool:
    """A released report: every participant of the case (the queryset has checked visibility)."""
    bericht = getattr(vorgang, "bericht", None)
    if bericht is None:
        return False
    if can_manage(user, vorgang):
        return True
    return bericht.status == bericht.Status.FREIGEGEBEN and participation_of(user, vorgang) is not None


def can_see_read_log(user, vorgang) -> bool:
    """The read log of the report: the Geschäftsstelle and the requesting authority."""
    if can_manage(user, vorgang):
        return True
    return bool(
        _active(user)
        and vorgang.anfragende_behoerde_id
        and user.behoerde_id == vorgang.anfragende_behoerde_id
        and participation_of(user, vorgang) is not None
    )


def can_update_task(user, aufgabe) -> bool:
    """The named people of the responsible authority, and the Geschäftsstelle."""
    vorgang = aufgabe.fallbesprechung.vorgang
    if can_manage(user, vorgang):
        return True
    beteiligung = participation_of(user, vorgang)
    return beteiligung is not None and beteiligung.behoerde_id == aufgabe.behoerde_id


def can_answer_invitation(user, einladung) -> bool:
    return _active(user) and einladung.person_id == user.pk
