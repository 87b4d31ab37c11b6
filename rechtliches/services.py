"""Writes of the legal section: confirming the terms, accessibility feedback. No HTTP here."""

import datetime
import hashlib

from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import person_page
from audit.models import Aktion
from audit.services import audit_log
from benachrichtigungen.services import benachrichtigen
from portal import content_cache, search_cache

from .models import Bestaetigung, Regelwerk, Rueckmeldung

CURRENT_CACHE_KEY = "rechtliches:regelwerk:aktuell"
CONFIRMATION_VALID = datetime.timedelta(days=365)  # asked again every 12 months
FEEDBACK_DUPLICATE_WINDOW = datetime.timedelta(minutes=30)
FEEDBACK_RATE_LIMIT = 5  # feedback messages per person (or address) ...
FEEDBACK_RATE_WINDOW_SECONDS = 3600  # ... per hour


def current_regelwerk_ids() -> tuple[int, ...]:
    """Return the ids of the current versions.

    Asked on every request (the acknowledgement gate), so kept in this process's memory (the cache
    `content_cache.LOCAL_CACHE`) under the content generation: saving or deleting a version renews the
    generation in the shared cache (`content_cache.bump_on_change(Regelwerk)` in rechtliches.signals),
    so every process asks the database again at its next request — no extra cache read per request. The
    entry ends at the next scheduled publication, so a version with a future date takes effect on time.
    """
    local = caches[content_cache.LOCAL_CACHE]
    key = f"{CURRENT_CACHE_KEY}:{content_cache.generation()}"
    value = local.get(key)
    if value is None:
        # One small query: every version's art, number and date (a handful of rows).
        now = timezone.now()
        newest: dict[str, tuple[int, int]] = {}
        upcoming = None
        for pk, art, version, published in Regelwerk.objects.values_list(
            "pk", "art", "version", "veroeffentlicht_am"
        ):
            if published > now:
                upcoming = published if upcoming is None else min(upcoming, published)
            elif art not in newest or version > newest[art][0]:
                newest[art] = (version, pk)
        timeout = 3600
        if upcoming is not None:
            timeout = max(1, min(timeout, int((upcoming - now).total_seconds()) + 1))
        value = sorted(pk for _version, pk in newest.values())
        local.set(key, value, timeout)
    return tuple(value)


def confirmation_valid_until(*, user, regelwerk_ids) -> datetime.datetime | None:
    """Return until when this person's confirmations of these versions hold, or None if one is missing."""
    if not regelwerk_ids:
        return timezone.now() + CONFIRMATION_VALID
    since = timezone.now() - CONFIRMATION_VALID
    latest = {}
    for regelwerk_id, bestaetigt_am in Bestaetigung.objects.filter(
        user=user, regelwerk_id__in=regelwerk_ids, bestaetigt_am__gt=since
    ).values_list("regelwerk_id", "bestaetigt_am"):
        latest[regelwerk_id] = max(bestaetigt_am, latest.get(regelwerk_id, bestaetigt_am))
    if set(latest) != set(regelwerk_ids):
        return None
    return min(latest.values()) + CONFIRMATION_VALID


@transaction.atomic
def regelwerk_confirm(*, user, regelwerk_ids) -> list[Bestaetigung]:
    """Store the person's confirmation of the current versions; refuse any other (outdated) versions."""
    current = set(current_regelwerk_ids())
    submitted = {int(pk) for pk in regelwerk_ids}
    if submitted != current:
        raise ValidationError(
            _(
                "Die Fassung, die Sie bestätigen wollten, ist nicht mehr aktuell. Bitte lesen Sie die "
                "aktuelle Fassung unten und bestätigen Sie erneut."
            ),
            code="veraltet",
        )
    now = timezone.now()
    rows = [
        Bestaetigung.objects.create(user=user, regelwerk=regelwerk, bestaetigt_am=now)
        for regelwerk in Regelwerk.objects.filter(pk__in=current)
    ]
    audit_log(
        aktion=Aktion.REGELWERK_BESTAETIGT,
        actor=user,
        subject=user,
        fassungen=[str(row.regelwerk) for row in rows],
    )
    return rows


def regelwerk_confirm_current_for(*, users) -> int:
    """Record that these people confirmed the current versions (demo data and test fixtures only)."""
    current = list(Regelwerk.objects.current())
    users = list(users)
    rows = [Bestaetigung(user=user, regelwerk=regelwerk) for user in users for regelwerk in current]
    Bestaetigung.objects.bulk_create(rows)  # no signals: the person pages' sections are renewed here
    search_cache.changed()
    for user in users:
        person_page.bump(user.pk)
    return len(rows)


def _feedback_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()


def rueckmeldung_rate_limited(*, sender_key: str) -> bool:
    """Count one message for this sender; True when the sender has sent too many in the window."""
    key = f"rechtliches:rueckmeldung:rate:{hashlib.sha256(sender_key.encode()).hexdigest()}"
    cache.add(key, 0, FEEDBACK_RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, FEEDBACK_RATE_WINDOW_SECONDS)
        count = 1
    return count > FEEDBACK_RATE_LIMIT


@transaction.atomic
def rueckmeldung_create(
    *, text: str, von=None, kontakt: str = "", seite: str = ""
) -> tuple[Rueckmeldung, bool]:
    """Store accessibility feedback and notify the Geschäftsstelle; the same text from the same sender
    within half an hour is stored once. Return (feedback, created)."""
    text_hash = _feedback_hash(text)
    duplicate = Rueckmeldung.objects.filter(
        text_hash=text_hash, erstellt__gte=timezone.now() - FEEDBACK_DUPLICATE_WINDOW
    )
    duplicate = duplicate.filter(von=von) if von is not None else duplicate.filter(von=None, kontakt=kontakt)
    existing = duplicate.select_for_update().first()
    if existing is not None:
        return existing, False
    rueckmeldung = Rueckmeldung.objects.create(
        von=von, kontakt=kontakt, seite=seite[:300], text=text, text_hash=text_hash
    )
    audit_log(aktion=Aktion.RUECKMELDUNG_EINGEGANGEN, actor=von, objekt=rueckmeldung)
    # Through the portal's notifications, like every other workflow: the Geschäftsstelle's list, and an
    # email as each person chose (sent after the commit). Title and link only, never the text.
    benachrichtigen(
        empfaenger=get_user_model().objects.geschaeftsstelle(),
        ereignis_schluessel=f"barrierefreiheit.rueckmeldung:{rueckmeldung.pk}",
        art="barrierefreiheit.rueckmeldung",
        titel=_("Neue Rückmeldung zur Barrierefreiheit (Nr. %(nummer)s)") % {"nummer": rueckmeldung.pk},
        link=reverse("rechtliches:rueckmeldungen"),
    )
    return rueckmeldung, True


@transaction.atomic
def rueckmeldung_close(*, rueckmeldung: Rueckmeldung, by) -> Rueckmeldung:
    """Mark feedback as handled (erledigt)."""
    if rueckmeldung.status == Rueckmeldung.Status.ERLEDIGT:
        return rueckmeldung
    rueckmeldung.status = Rueckmeldung.Status.ERLEDIGT
    rueckmeldung.erledigt_am = timezone.now()
    rueckmeldung.erledigt_von = by
    rueckmeldung.save(update_fields=["status", "erledigt_am", "erledigt_von"])
    audit_log(aktion=Aktion.RUECKMELDUNG_ERLEDIGT, actor=by, objekt=rueckmeldung)
    return rueckmeldung
