"""Writes of the notification centre. Sections call `benachrichtigen`; no HTTP here.

Exactly once: the unique constraint on (recipient, event key) absorbs retries and a second worker
(`bulk_create(ignore_conflicts=True)` is PostgreSQL's ON CONFLICT DO NOTHING), and each email is claimed
by setting `email_versandt_am` atomically before it is sent (see tasks.py)."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Aktion
from audit.services import audit_log
from portal import content_cache

from .models import Benachrichtigung, Einstellung, Zustellung

TITLE_MAX = 300
# Preferences a section may require before notifying (opt-in events).
OPT_IN_FIELDS = {"lagebild_geteilt"}


def unread_cache_key(user_id: int) -> str:
    return f"benachrichtigungen:ungelesen:{user_id}"


def unread_key_for_request(request) -> str | None:
    """The signed-in person's unread-count key: read in the same round trip as the content generation
    (registered in `BenachrichtigungenConfig.ready`)."""
    user = getattr(request, "user", None)
    return unread_cache_key(user.pk) if user is not None and user.is_authenticated else None


def _forget_unread_counts(user_ids: Iterable[int]) -> None:
    keys = [unread_cache_key(pk) for pk in user_ids]
    if not keys:
        return
    cache.delete_many(keys)
    content_cache.discard_read_along(keys)  # this request read them before the change
    # Again after commit: a page rendered meanwhile may have cached the count from before this write.
    transaction.on_commit(lambda: cache.delete_many(keys))


def _user_ids(empfaenger) -> set[int]:
    if empfaenger is None:
        return set()
    if isinstance(empfaenger, int) or hasattr(empfaenger, "pk"):
        empfaenger = [empfaenger]
    return {getattr(item, "pk", item) for item in empfaenger if item is not None}


def einstellungen_for(user_ids: Iterable[int]) -> dict[int, Einstellung]:
    """Return the saved preferences of these people (missing ones use the model defaults)."""
    return {e.user_id: e for e in Einstellung.objects.filter(user_id__in=list(user_ids))}


def benachrichtigen(
    *,
    empfaenger,
    ereignis_schluessel: str,
    titel: str,
    link: str,
    art: str = "",
    ist_vsnfd: bool = False,
    ausser=None,
    zustellung: str | None = None,
    nur_mit_einwilligung: str | None = None,
) -> int:
    """Notify each recipient of one event once, however often this is called; return the number of new rows.

    `empfaenger`: users or ids (inactive accounts are skipped, as is the acting person `ausser`).
    `link`: the path of the object inside the portal. `zustellung`: force a delivery (e.g. a board
    subscription's own choice); otherwise each person's preference applies. `nur_mit_einwilligung`:
    the preference a person must have switched on (opt-in events). `ist_vsnfd`: emails show a placeholder
    instead of the title."""
    if not ereignis_schluessel or not link.startswith("/"):
        raise ValueError("A notification needs an event key and a portal path.")
    if zustellung is not None and zustellung not in Zustellung.values:
        raise ValueError(f"Unknown delivery {zustellung!r}.")
    if nur_mit_einwilligung is not None and nur_mit_einwilligung not in OPT_IN_FIELDS:
        raise ValueError(f"Unknown opt-in preference {nur_mit_einwilligung!r}.")
    ids = _user_ids(empfaenger) - _user_ids(ausser)
    if not ids:
        return 0
    User = get_user_model()
    ids = set(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    prefs = einstellungen_for(ids)
    if nur_mit_einwilligung:
        ids = {pk for pk in ids if pk in prefs and getattr(prefs[pk], nur_mit_einwilligung)}
    if not ids:
        return 0
    titel = " ".join(str(titel).split())[:TITLE_MAX]
    before = Benachrichtigung.objects.filter(ereignis_schluessel=ereignis_schluessel, empfaenger_id__in=ids)
    existing = set(before.values_list("empfaenger_id", flat=True))
    rows = [
        Benachrichtigung(
            empfaenger_id=pk,
            ereignis_schluessel=ereignis_schluessel[:200],
            art=art[:50],
            titel=titel,
            link=link[:500],
            ist_vsnfd=ist_vsnfd,
            zustellung=zustellung or (prefs[pk].zustellung if pk in prefs else Zustellung.SOFORT),
        )
        for pk in sorted(ids - existing)
    ]
    # ON CONFLICT DO NOTHING: a concurrent call for the same event leaves exactly one row per person.
    Benachrichtigung.objects.bulk_create(rows, ignore_conflicts=True)
    _forget_unread_counts(ids - existing)
    _enqueue_emails(ereignis_schluessel=ereignis_schluessel, user_ids=ids)
    return len(rows)


def _enqueue_emails(*, ereignis_schluessel: str, user_ids: set[int]) -> None:
    pending = list(
        Benachrichtigung.objects.filter(
            ereignis_schluessel=ereignis_schluessel,
            empfaenger_id__in=user_ids,
            zustellung=Zustellung.SOFORT,
            email_versandt_am__isnull=True,
        ).values_list("pk", flat=True)
    )
    if not pending:
        return
    from .tasks import send_emails

    transaction.on_commit(lambda: send_emails.delay(pending))


def benachrichtigung_mark_read(*, benachrichtigung: Benachrichtigung, user) -> None:
    """Mark one of the person's own notifications read (repeating it changes nothing)."""
    if benachrichtigung.empfaenger_id != user.pk:
        raise ValidationError(_("Diese Benachrichtigung gehört nicht Ihnen."))
    if Benachrichtigung.objects.filter(pk=benachrichtigung.pk, gelesen_am__isnull=True).update(
        gelesen_am=timezone.now()
    ):
        _forget_unread_counts([user.pk])


def benachrichtigungen_mark_all_read(*, user) -> int:
    """Mark all of the person's notifications read; return how many were unread."""
    count = Benachrichtigung.objects.for_user(user).unread().update(gelesen_am=timezone.now())
    _forget_unread_counts([user.pk])
    return count


def unread_count(user) -> int:
    """The number shown in the header: one COUNT per person, cached until their notifications change."""
    if not user.is_authenticated:
        return 0
    key = unread_cache_key(user.pk)
    # Read together with the content generation, which the same page needs anyway (one round trip).
    count = content_cache.get_with_generation(key)
    if count is None:
        count = Benachrichtigung.objects.for_user(user).unread().count()
        cache.set(key, count, 300)
    return count


@transaction.atomic
def einstellung_set(*, user, zustellung: str, lagebild_geteilt: bool) -> Einstellung:
    """Save how the person wants to be told; audited. Applies to notifications created from now on."""
    if zustellung not in Zustellung.values:
        raise ValidationError(_("Bitte wählen Sie, wie Sie benachrichtigt werden möchten."))
    einstellung, _created = Einstellung.objects.update_or_create(
        user=user, defaults={"zustellung": zustellung, "lagebild_geteilt": bool(lagebild_geteilt)}
    )
    audit_log(
        aktion=Aktion.PROFIL_GEAENDERT,
        actor=user,
        subject=user,
        vorgang="benachrichtigungen.einstellung",
        zustellung=zustellung,
        lagebild_geteilt=bool(lagebild_geteilt),
    )
    return einstellung
