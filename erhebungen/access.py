"""Who sees what in the Erhebungen.

- The Geschäftsstelle defines indicators and campaigns, sees every submission, corrects and reopens.
- An authority's people see the campaigns their authority is asked in and see and edit their own
  authority's submission (a shared draft) until it is submitted.
- Single submissions of other authorities: Geschäftsstelle only (everyone else gets 404).
- The aggregated Gesamtlagedarstellung: every member; small counts (1–2) appear as "<3" to everyone
  outside the Geschäftsstelle.
"""

from django.utils import timezone

from .models import Erhebung, Meldung


def can_manage(user) -> bool:
    """Define indicators, run campaigns, correct and reopen submissions."""
    return bool(user.is_authenticated and user.is_active and user.is_geschaeftsstelle)


def sees_small_numbers(user) -> bool:
    """Only the Geschäftsstelle sees counts of 1 and 2 unsuppressed."""
    return can_manage(user)


def can_view_lage(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def meldungen_visible_to(user):
    return Meldung.objects.visible_to(user)


def erhebungen_visible_to(user):
    return Erhebung.objects.visible_to(user)


def is_own(user, meldung: Meldung) -> bool:
    return bool(user.behoerde_id and user.behoerde_id == meldung.behoerde_id)


def edit_refusal(user, meldung: Meldung, *, today=None) -> str | None:
    """Return why this person may not change the submission now, or None when they may."""
    from django.utils.translation import gettext as _

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
