"""Who sees what in the Erhebungen.

- The Geschäftsstelle defines indicators and campaigns, sees every submission, corrects and reopens.
- An authority's people see the campaigns their authority is asked in and see and edit their own
  authority's submission (a shared draft) until it is submitted.
- Single submissions of other authorities: Geschäftsstelle only (everyone else gets 404).
- The aggregated Gesamtlagedarstellung: every member; small counts (1–2) appear as "<3" to everyone
  outside the Geschäftsstelle.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Erhebung, Indikator, Meldung


def can_manage(user) -> bool:
    """Define indicators, run campaigns, correct and reopen submissions."""
    return bool(user.is_authenticated and user.is_active and user.is_geschaeftsstelle)


def sees_small_numbers(user) -> bool:
    """Only the Geschäftsstelle sees counts of 1 and 2 unsuppressed."""
    return can_manage(user)


def can_view_lage(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def erhebung_filter(user) -> Q:
    """The campaigns this person may see: all for the Geschäftsstelle, else non-drafts their authority
    is asked in."""
    if not _active(user):
        return Q(pk__in=[])
    if user.is_geschaeftsstelle:
        return Q()
    # A subquery rather than a join, so counts annotated on the result stay correct.
    asked = Erhebung.behoerden.through.objects.filter(behoerde_id=user.behoerde_id).values("erhebung_id")
    return ~Q(status=Erhebung.Status.ENTWURF) & Q(pk__in=asked)


def meldung_filter(user) -> Q:
    """The submissions this person may see: their own authority's (not of drafts), or all for the
    Geschäftsstelle."""
    if not _active(user):
        return Q(pk__in=[])
    if user.is_geschaeftsstelle:
        return Q()
    if not user.behoerde_id:
        return Q(pk__in=[])
    return Q(behoerde_id=user.behoerde_id) & ~Q(erhebung__status=Erhebung.Status.ENTWURF)


def meldungen_visible_to(user):
    return Meldung.objects.filter(meldung_filter(user))


def erhebungen_visible_to(user):
    return Erhebung.objects.filter(erhebung_filter(user))


def audience(users) -> dict:
    """NewsSource audience: the open campaigns (`erhebung_filter` and the news' own filter by authority)
    depend only on being active, Geschäftsstelle or not, and the person's authority. No query."""
    return {
        user.pk: (
            _active(user),
            bool(getattr(user, "is_authenticated", False) and user.is_geschaeftsstelle),
            user.behoerde_id,
        )
        for user in users
    }


def indikatoren_manageable_by(user):
    """The indicators the Geschäftsstelle defines and versions (nobody else sees the definitions' admin)."""
    return Indikator.objects.all() if can_manage(user) else Indikator.objects.none()


def is_own(user, meldung: Meldung) -> bool:
    return _active(user) and bool(user.behoerde_id and user.behoerde_id == meldung.behoerde_id)


def edit_refusal(user, meldung: Meldung, *, today=None) -> str | None:
    """Return why this person may not change the submission now, or None when they may."""
    if not is_own(user, meldung):
        return _("Nur Angehörige der meldenden Behörde können diese Meldung bearbeiten.")
    if meldung.ist_eingereicht:
        return _("Die Meldung ist eingereicht und gesperrt. Korrekturen nimmt die Geschäftsstelle vor.")
    erhebung = meldung.erhebung
    if erhebung.status != Erhebung.Status.OFFEN and not meldung.wiedereroeffnet:
        return _("Die Erhebung ist nicht geöffnet.")
    today = today or timezone.localdate()
    if today > erhebung.frist and not meldung.wiedereroeffnet:
        return _(
            "Die Meldefrist ist am %(frist)s abgelaufen. Bitte wenden Sie sich an die Geschäftsstelle, "
            "wenn Sie noch melden möchten."
        ) % {"frist": erhebung.frist.strftime("%d.%m.%Y")}
    return None


def can_edit(user, meldung: Meldung) -> bool:
    return edit_refusal(user, meldung) is None
