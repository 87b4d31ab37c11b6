"""Newsletter writes: editorial workflow, preferences, the weekly schedule and reliable sending.

Delivery guarantee (see docs/newsletter.md): one `Zustellung` row per (issue, recipient), unique. A row is
claimed (pending → sending, with worker token and time) before its message goes to SMTP and marked
'sent' right after the server accepted it. A 'sent' row is never claimed again, so retried, duplicated or
redelivered chunk tasks never send twice. A chunk refreshes its claim every quarter of the timeout, so
no other worker takes over rows it is still working on. A row left in 'sending' by a crashed worker
becomes claimable after NEWSLETTER_CLAIM_TIMEOUT, so nobody is lost. The only window for a duplicate is a
crash between the server's "250 accepted" and the commit of 'sent' (well under a millisecond per worker
process), and a crash of PostgreSQL itself within the fraction of a second before those commits reach
the disk (see _no_flush_wait): we choose at-least-once there — a rare duplicate (recognisable by its
stable Message-ID) is better than a partner who silently misses the week's newsletter.
"""

import contextlib
import datetime
import json
import logging
import smtplib
import time
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import Aktion
from audit.services import audit_log
from portal import search_cache

from . import access
from .digest import digest_for, digests_for
from .emails import IssueContent, MessageFactory, build_message
from .models import (
    Ausgabe,
    AusgabeStatus,
    NewsletterEinstellung,
    NewsletterVersand,
    Wochenlauf,
    Zustellung,
    ZustellungStatus,
)

logger = logging.getLogger(__name__)
BERLIN = ZoneInfo("Europe/Berlin")


class NewsletterError(Exception):
    """A refused action; the message is German and meant for the person who tried it."""


class TemporarySendError(Exception):
    """SMTP said 'try again later' or the connection dropped: the chunk is retried with backoff."""


# --- Editorial workflow ------------------------------------------------------------------------


def _transition(*, ausgabe: Ausgabe, von: tuple, nach: str, **fields) -> Ausgabe:
    """Change the status only if it is still one of `von` (guards against double clicks and races)."""
    updated = Ausgabe.objects.filter(pk=ausgabe.pk, status__in=von).update(status=nach, **fields)
    search_cache.changed()
    if not updated:
        raise NewsletterError(_("Der Status der Ausgabe hat sich inzwischen geändert. Bitte laden Sie neu."))
    ausgabe.refresh_from_db()
    return ausgabe


def ausgabe_submit(*, ausgabe: Ausgabe, by: User) -> Ausgabe:
    """Entwurf → zur Freigabe (Redaktion)."""
    if not access.can_manage_ausgaben(by):
        raise NewsletterError(_("Nur die Redaktion kann Ausgaben zur Freigabe einreichen."))
    if not ausgabe.has_editorial():
        raise NewsletterError(
            _("Die Ausgabe hat keinen Redaktionsteil. Bitte ergänzen Sie Text oder Beiträge.")
        )
    _transition(
        ausgabe=ausgabe, von=(AusgabeStatus.ENTWURF,), nach=AusgabeStatus.ZUR_FREIGABE, eingereicht_von=by
    )
    audit_log(aktion=Aktion.NEWSLETTER_EINGEREICHT, actor=by, objekt=ausgabe)
    return ausgabe


def ausgabe_approve(*, ausgabe: Ausgabe, by: User) -> Ausgabe:
    """zur Freigabe → freigegeben, by a Geschäftsstelle person who is not the author (four eyes)."""
    if not access.can_approve_ausgaben(by):
        raise NewsletterError(_("Nur die Geschäftsstelle kann Ausgaben freigeben."))
    if access.is_author(by, ausgabe):
        raise NewsletterError(
            _("Eine Ausgabe muss von einer anderen Person freigegeben werden (Vier-Augen-Prinzip).")
        )
    _transition(
        ausgabe=ausgabe,
        von=(AusgabeStatus.ZUR_FREIGABE,),
        nach=AusgabeStatus.FREIGEGEBEN,
        freigegeben_von=by,
        freigegeben_am=timezone.now(),
    )
    audit_log(aktion=Aktion.NEWSLETTER_FREIGEGEBEN, actor=by, objekt=ausgabe)
    return ausgabe


def ausgabe_reject(*, ausgabe: Ausgabe, by: User) -> Ausgabe:
    """zur Freigabe / freigegeben → Entwurf (changes requested or content edited after approval)."""
    if not access.can_manage_ausgaben(by):
        raise NewsletterError(_("Nur Redaktion und Geschäftsstelle können Ausgaben zurücksetzen."))
    _transition(
        ausgabe=ausgabe,
        von=(AusgabeStatus.ZUR_FREIGABE, AusgabeStatus.FREIGEGEBEN),
        nach=AusgabeStatus.ENTWURF,
        freigegeben_von=None,
        freigegeben_am=None,
    )
    audit_log(aktion=Aktion.NEWSLETTER_ZURUECKGESETZT, actor=by, objekt=ausgabe)
    return ausgabe


def ausgabe_after_edit(*, ausgabe: Ausgabe, by: User | None) -> None:
    """An edit after submission or approval invalidates the approval: back to Entwurf."""
    Ausgabe.objects.filter(
        pk=ausgabe.pk, status__in=(AusgabeStatus.ZUR_FREIGABE, AusgabeStatus.FREIGEGEBEN)
    ).update(status=AusgabeStatus.ENTWURF, freigegeben_von=None, freigegeben_am=None)
    search_cache.changed()


# --- Preferences -------------------------------------------------------------------------------


def einstellung_for(user: User) -> NewsletterEinstellung:
    """Return the person's preferences (defaults: newsletter on, all Fachgebiete) without saving."""
    try:
        return user.newsletter_einstellung
    except NewsletterEinstellung.DoesNotExist:
        return NewsletterEinstellung(user=user)


@transaction.atomic
def einstellung_update(*, user: User, aktiv: bool, fachgebiete) -> NewsletterEinstellung:
    einstellung, _created = NewsletterEinstellung.objects.get_or_create(user=user)
    einstellung.aktiv = aktiv
    einstellung.save(update_fields=["aktiv", "geaendert_am"])
    einstellung.fachgebiete.set(fachgebiete)
    return einstellung


def newsletter_unsubscribe(*, user_id: int) -> bool:
    """Switch the newsletter off (one-click unsubscribe). Return False when the person does not exist."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    NewsletterEinstellung.objects.update_or_create(user=user, defaults={"aktiv": False})
    audit_log(aktion=Aktion.NEWSLETTER_ABBESTELLT, actor=None, subject=user)
    return True


# --- Recipients and deliveries -----------------------------------------------------------------


def recipients():
    """Active people with an address who have not switched the newsletter off."""
    return User.objects.filter(is_active=True).exclude(email="").exclude(newsletter_einstellung__aktiv=False)


def zustellungen_create(*, ausgabe: Ausgabe) -> int:
    """Create the delivery rows (idempotent: existing rows are kept). Return how many exist."""
    batch = []
    for user_id, email in recipients().values_list("pk", "email").iterator(chunk_size=2000):
        batch.append(Zustellung(ausgabe_id=ausgabe.pk, empfaenger_id=user_id, email=email))
        if len(batch) >= 2000:
            Zustellung.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Zustellung.objects.bulk_create(batch, ignore_conflicts=True)
    return Zustellung.objects.filter(ausgabe=ausgabe).count()


def _stale_before(now=None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT)


def zustellungen_open_chunks(*, ausgabe_id: int, now=None) -> list[list[int]]:
    """Ids of deliveries that still need sending (pending, or stale 'sending'), in chunks.

    Recipients likely to see the same news – same authority, role, groups (authority, Arbeitskreise)
    and Fachgebiete – are put next to each other, so a chunk computes and renders few distinct digests.
    Only speed depends on this order, never correctness: each chunk works out its digests exactly.
    """
    rows = list(
        Zustellung.objects.filter(ausgabe_id=ausgabe_id)
        .claimable(stale_before=_stale_before(now))
        .order_by("empfaenger__behoerde_id", "pk")
        .values_list("pk", "empfaenger_id", "empfaenger__behoerde_id", "empfaenger__rolle")
    )
    recipients = Zustellung.objects.filter(ausgabe_id=ausgabe_id).values("empfaenger_id")
    topics: dict[int, list[int]] = {}
    through = NewsletterEinstellung.fachgebiete.through
    for user_id, fachgebiet_id in through.objects.filter(
        newslettereinstellung__user_id__in=recipients
    ).values_list("newslettereinstellung__user_id", "fachgebiet_id"):
        topics.setdefault(user_id, []).append(fachgebiet_id)
    groups: dict[int, list[int]] = {}
    for user_id, group_id in User.groups.through.objects.filter(user_id__in=recipients).values_list(
        "user_id", "group_id"
    ):
        groups.setdefault(user_id, []).append(group_id)
    alike: dict[tuple, list[int]] = {}
    for pk, user_id, behoerde_id, rolle in rows:
        # Groups before topics: most sources answer once per audience for every choice of topics.
        key = (
            behoerde_id or 0,
            tuple(sorted(groups.get(user_id, ()))),
            rolle,
            tuple(sorted(topics.get(user_id, ()))),
        )
        alike.setdefault(key, []).append(pk)
    ids = [pk for key in sorted(alike) for pk in alike[key]]
    size = settings.NEWSLETTER_CHUNK_SIZE
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def ausgabe_send_start(*, ausgabe: Ausgabe, by: User | None, enqueue: bool = True) -> Ausgabe:
    """Start sending an approved issue (by hand or by the schedule). Refuse anything not approved."""
    if by is not None and not access.can_send_ausgaben(by):
        raise NewsletterError(_("Nur die Geschäftsstelle kann den Versand starten."))
    if ausgabe.status != AusgabeStatus.FREIGEGEBEN:
        raise NewsletterError(
            _("Die Ausgabe ist nicht freigegeben (Status: %(status)s) und wird nicht versendet.")
            % {"status": ausgabe.get_status_display()}
        )
    now = timezone.now()
    previous = (
        Ausgabe.objects.filter(versand_gestartet_am__isnull=False)
        .exclude(pk=ausgabe.pk)
        .order_by("-versand_gestartet_am")
        .values_list("versand_gestartet_am", flat=True)
        .first()
    )
    since = max(previous, now - datetime.timedelta(days=7)) if previous else now - datetime.timedelta(days=7)
    with transaction.atomic():
        _transition(
            ausgabe=ausgabe,
            von=(AusgabeStatus.FREIGEGEBEN,),
            nach=AusgabeStatus.WIRD_VERSENDET,
            versand_gestartet_am=now,
            digest_seit=since,
        )
        audit_log(aktion=Aktion.NEWSLETTER_VERSAND_GESTARTET, actor=by, objekt=ausgabe)
        if enqueue:
            from .tasks import versand_koordinieren

            pk = ausgabe.pk
            transaction.on_commit(lambda: versand_koordinieren.delay(pk))
    return ausgabe


def ausgabe_finish_if_done(*, ausgabe_id: int) -> bool:
    """Mark the issue 'versendet' once no delivery is pending or in flight."""
    open_rows = Zustellung.objects.filter(
        ausgabe_id=ausgabe_id, status__in=(ZustellungStatus.PENDING, ZustellungStatus.SENDING)
    ).exists()
    if open_rows:
        return False
    finished = Ausgabe.objects.filter(pk=ausgabe_id, status=AusgabeStatus.WIRD_VERSENDET).update(
        status=AusgabeStatus.VERSENDET, versendet_am=timezone.now()
    )
    search_cache.changed()
    return bool(finished)


@dataclass
class ChunkResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    claimed: int = 0
    errors: list[str] = field(default_factory=list)


def _claim(*, ausgabe_id: int, ids: list[int], token: str, now) -> int:
    """Claim the claimable rows among `ids` for this worker: pending → sending. Return the count."""
    stale_before = _stale_before(now)
    with transaction.atomic():
        rows = Zustellung.objects.filter(ausgabe_id=ausgabe_id, pk__in=ids).claimable(
            stale_before=stale_before
        )
        if connection.features.has_select_for_update_skip_locked:
            # PostgreSQL: rows another worker is claiming right now are skipped, not waited for.
            ids = list(rows.select_for_update(skip_locked=True).values_list("pk", flat=True))
            rows = Zustellung.objects.filter(pk__in=ids)
        # The conditional UPDATE is itself atomic per row, which is what makes SQLite safe too.
        return rows.update(
            status=ZustellungStatus.SENDING, claimed_at=now, worker=token[:100], versuche=F("versuche") + 1
        )


def _release(*, token: str, error: str) -> None:
    """Give claimed, unsent rows back (temporary error); rows out of attempts are failed."""
    mine = Zustellung.objects.filter(worker=token[:100], status=ZustellungStatus.SENDING)
    mine.filter(versuche__gte=settings.NEWSLETTER_MAX_ATTEMPTS).update(
        status=ZustellungStatus.FAILED, fehler=_("Zu viele Versuche: %(error)s") % {"error": error[:400]}
    )
    mine.update(status=ZustellungStatus.PENDING, claimed_at=None, fehler=error[:500])


def _smtp_code(exc: Exception) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return min(codes) if codes else None
    return getattr(exc, "smtp_code", None)


class _Claim:
    """The rows one chunk task holds. Their claim is refreshed (claimed_at = now) whenever a quarter of
    the claim timeout has passed, so no other worker can take them over while this one is working; rows
    another worker took over anyway (this one stalled longer than the timeout) are left to that worker."""

    def __init__(self, *, token: str, ids):
        self.token = token[:100]
        self.ids = set(ids)
        self.interval = settings.NEWSLETTER_CLAIM_TIMEOUT / 4
        self.refreshed = time.monotonic()

    def holds(self, pk: int) -> bool:
        if time.monotonic() - self.refreshed >= self.interval:
            self.refresh()
        return pk in self.ids

    def refresh(self) -> None:
        mine = Zustellung.objects.filter(pk__in=self.ids, worker=self.token, status=ZustellungStatus.SENDING)
        self.refreshed = time.monotonic()
        mine.update(claimed_at=timezone.now())
        self.ids = set(mine.values_list("pk", flat=True))


def zustellungen_send_chunk(
    *, ausgabe_id: int, ids: list[int], worker: str, connection_factory=None
) -> ChunkResult:
    """Send the issue to the claimable deliveries among `ids` over ONE SMTP connection.

    The rows are claimed in one transaction, the recipients and their preferences loaded at once, each
    digest computed once per group of recipients who see the same news and each body rendered once per
    distinct digest; per recipient only the personal parts are filled in, and the row is marked sent right
    after the SMTP server accepted its message. Permanent failures (invalid address, 5xx) are recorded per
    recipient and the rest continue. A temporary failure (4xx, dropped connection) gives the unsent rows
    back and raises TemporarySendError.
    """
    now = timezone.now()
    token = f"{worker}:{uuid.uuid4().hex[:12]}"
    result = ChunkResult()
    result.claimed = _claim(ausgabe_id=ausgabe_id, ids=ids, token=token, now=now)
    if not result.claimed:
        return result
    claim = _Claim(token=token, ids=())
    ausgabe = Ausgabe.objects.get(pk=ausgabe_id)
    since = ausgabe.digest_seit or (now - datetime.timedelta(days=7))
    rows = list(
        Zustellung.objects.filter(worker=token[:100], status=ZustellungStatus.SENDING)
        .select_related("empfaenger__behoerde")
        .defer("digest")
        .order_by("pk")
    )
    claim.ids = {row.pk for row in rows}
    topics = topics_by_user([row.empfaenger_id for row in rows])
    digests = digests_for([row.empfaenger for row in rows], since, topics)
    factory = MessageFactory(IssueContent.from_ausgabe(ausgabe))
    digest_json = _DigestJSON()
    conn = (connection_factory or get_connection)()
    try:
        try:
            # Open once: send_messages() on an open connection reuses it for the whole chunk.
            conn.open()
        except (smtplib.SMTPException, OSError) as exc:
            raise TemporarySendError(f"{type(exc).__name__}: {exc}") from exc
        with _no_flush_wait():
            for row in rows:
                _send_one(
                    row=row,
                    conn=conn,
                    factory=factory,
                    digest_json=digest_json,
                    digest=digests[row.empfaenger_id],
                    fachgebiete=topics.get(row.empfaenger_id),
                    claim=claim,
                    result=result,
                )
    except TemporarySendError as exc:
        _release(token=token, error=str(exc))
        raise
    finally:
        # A dropped connection cannot be closed cleanly; there is nothing left to do with it.
        with contextlib.suppress(Exception):
            conn.close()
    return result


@contextlib.contextmanager
def _no_flush_wait():
    """PostgreSQL: the per-message status updates of this chunk do not wait for the WAL flush to disk
    (synchronous_commit off, this session only). They are visible to every other worker at once and
    survive any worker crash; only a crash of PostgreSQL itself can forget the last fraction of a second
    of 'sent' marks, whose messages are then sent again after the claim timeout (at-least-once)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with contextlib.suppress(Exception), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def topics_by_user(user_ids: list[int]) -> dict[int, list[str]]:
    through = NewsletterEinstellung.fachgebiete.through
    topics: dict[int, list[str]] = {}
    for user_id, slug in through.objects.filter(newslettereinstellung__user_id__in=user_ids).values_list(
        "newslettereinstellung__user_id", "fachgebiet__slug"
    ):
        topics.setdefault(user_id, []).append(slug)
    return topics


def _mark(row: Zustellung, claim: _Claim, **fields) -> None:
    Zustellung.objects.filter(pk=row.pk, worker=claim.token, status=ZustellungStatus.SENDING).update(**fields)


def _send_one(
    *, row, conn, factory, digest_json, digest, fachgebiete, claim: _Claim, result: ChunkResult
) -> None:
    if not claim.holds(row.pk):
        return  # another worker took this row over after we stalled; it is theirs now
    try:
        validate_email(row.email)
    except ValidationError:
        _mark(row, claim, status=ZustellungStatus.FAILED, fehler=_("Ungültige E-Mail-Adresse"))
        result.failed += 1
        return
    if not digest and not factory.content.has_editorial:
        # Nothing new for this person and no editorial text: nothing is sent.
        _mark(row, claim, status=ZustellungStatus.SKIPPED, digest=[])
        result.skipped += 1
        return
    message = factory.message(user=row.empfaenger, email=row.email, digest=digest, fachgebiete=fachgebiete)
    try:
        conn.send_messages([message])
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
        code = _smtp_code(exc) or 0
        if 500 <= code < 600:
            _mark(row, claim, status=ZustellungStatus.FAILED, fehler=f"SMTP {code}: {exc}"[:500])
            result.failed += 1
            return
        raise TemporarySendError(f"SMTP {code}: {exc}") from exc
    except ValueError as exc:  # address that cannot be encoded (e.g. line breaks)
        _mark(
            row, claim, status=ZustellungStatus.FAILED, fehler=f"{_('Ungültige E-Mail-Adresse')}: {exc}"[:500]
        )
        result.failed += 1
        return
    except (smtplib.SMTPException, OSError) as exc:
        raise TemporarySendError(f"{type(exc).__name__}: {exc}") from exc
    # Right after the server's "250": the only window for a duplicate (see the module docstring).
    _mark_sent(row, claim, digest, digest_json)
    result.sent += 1


class _DigestJSON:
    """Serialise each digest once: people in one digest group share the same digest object."""

    def __init__(self):
        self._done: dict[int, tuple[list, str]] = {}

    def __call__(self, digest: list[dict]) -> str:
        found = self._done.get(id(digest))
        if found is None or found[0] is not digest:
            found = self._done[id(digest)] = (digest, json.dumps(digest))
        return found[1]


def _mark_sent(row: Zustellung, claim: _Claim, digest: list[dict], digest_json: _DigestJSON) -> None:
    """Mark the row sent and store the person's digest. PostgreSQL: one plain statement with the digest
    serialised once per distinct digest – the ORM's query building and JSON encoding per message cost the
    worker more than the update costs the database (elsewhere: the ORM)."""
    now = timezone.now()
    if connection.vendor != "postgresql":
        _mark(row, claim, status=ZustellungStatus.SENT, gesendet_am=now, digest=digest, fehler="")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            _sent_sql(),
            [ZustellungStatus.SENT, now, digest_json(digest), row.pk, claim.token, ZustellungStatus.SENDING],
        )


def _sent_sql() -> str:
    meta, quote = Zustellung._meta, connection.ops.quote_name

    def column(name: str) -> str:
        return quote(meta.get_field(name).column)

    return (
        f"UPDATE {quote(meta.db_table)} SET {column('status')} = %s, {column('gesendet_am')} = %s, "
        f"{column('digest')} = %s::jsonb, {column('fehler')} = '' "
        f"WHERE {column('id')} = %s AND {column('worker')} = %s AND {column('status')} = %s"
    )


def ausgabe_send_sync(
    *, ausgabe: Ausgabe, by: User | None = None, worker: str = "sync", sleep=time.sleep
) -> dict:
    """Send an issue in this process, without a Celery worker (management command)."""
    if ausgabe.status == AusgabeStatus.FREIGEGEBEN:
        ausgabe_send_start(ausgabe=ausgabe, by=by, enqueue=False)
    elif ausgabe.status != AusgabeStatus.WIRD_VERSENDET:
        raise NewsletterError(
            _("Die Ausgabe ist nicht freigegeben (Status: %(status)s) und wird nicht versendet.")
            % {"status": ausgabe.get_status_display()}
        )
    zustellungen_create(ausgabe=ausgabe)
    for chunk in zustellungen_open_chunks(ausgabe_id=ausgabe.pk):
        for attempt in range(settings.NEWSLETTER_MAX_ATTEMPTS):
            try:
                zustellungen_send_chunk(ausgabe_id=ausgabe.pk, ids=chunk, worker=worker)
                break
            except TemporarySendError as exc:
                logger.warning("Newsletter %s: temporärer Fehler, neuer Versuch: %s", ausgabe.pk, exc)
                sleep(min(60, 2**attempt))
    ausgabe_finish_if_done(ausgabe_id=ausgabe.pk)
    return Zustellung.objects.filter(ausgabe=ausgabe).counts_by_status()


def testmail_send(*, ausgabe: Ausgabe, to: User) -> None:
    """Send the issue as it would reach `to` (with their current digest) to `to` only; nothing recorded."""
    if not access.can_manage_ausgaben(to):
        raise NewsletterError(_("Nur die Redaktion kann Testmails versenden."))
    content = IssueContent.from_ausgabe(ausgabe)
    topics = topics_by_user([to.pk]).get(to.pk)
    digest = digest_for(to, timezone.now() - datetime.timedelta(days=7), fachgebiete=topics)
    build_message(
        content=content, user=to, email=to.email, digest=digest, fachgebiete=topics, test=True
    ).send()


# --- Schedule ----------------------------------------------------------------------------------


def slot_this_week(now: datetime.datetime) -> tuple[datetime.date, datetime.datetime, NewsletterVersand]:
    """Return (Monday of this week, configured send time this week, setting), in Europe/Berlin."""
    setting = NewsletterVersand.load()
    local = timezone.localtime(now, BERLIN)
    monday = local.date() - datetime.timedelta(days=local.weekday())
    day = monday + datetime.timedelta(days=setting.wochentag)
    slot = datetime.datetime.combine(day, setting.uhrzeit, tzinfo=BERLIN)
    return monday, slot, setting


def wochenlauf_run(*, now: datetime.datetime | None = None, enqueue: bool = True) -> str:
    """The weekly job (beat calls it every 15 minutes): when the slot is due and this week is not done,
    send the approved issue; without one, send a digest-only 'Wochenübersicht' to those with news.
    """
    now = now or timezone.now()
    monday, slot, setting = slot_this_week(now)
    if not setting.aktiv:
        return "inaktiv"
    if now < slot:
        return "nicht fällig"
    if Wochenlauf.objects.filter(woche=monday).exists():
        return "bereits erledigt"
    try:
        with transaction.atomic():
            lauf = Wochenlauf.objects.create(woche=monday)  # unique: a second run loses here
            week_start = datetime.datetime.combine(monday, datetime.time(0, 0), tzinfo=BERLIN)
            if Ausgabe.objects.filter(versand_gestartet_am__gte=week_start).exists():
                lauf.ergebnis = "Diese Woche wurde bereits von Hand versendet."
                lauf.save(update_fields=["ergebnis"])
                return lauf.ergebnis
            ausgabe = (
                Ausgabe.objects.filter(status=AusgabeStatus.FREIGEGEBEN)
                .order_by("freigegeben_am", "pk")
                .first()
            )
            if ausgabe is None:
                iso = monday.isocalendar()
                ausgabe = Ausgabe.objects.create(
                    titel=f"Wochenübersicht KW {iso.week}/{iso.year}",
                    status=AusgabeStatus.FREIGEGEBEN,
                    nur_uebersicht=True,
                    freigegeben_am=now,
                )
                lauf.ergebnis = "Keine freigegebene Ausgabe: Wochenübersicht ohne Redaktionsteil."
            else:
                lauf.ergebnis = "Freigegebene Ausgabe versendet."
            ausgabe_send_start(ausgabe=ausgabe, by=None, enqueue=enqueue)
            lauf.ausgabe = ausgabe
            lauf.save(update_fields=["ausgabe", "ergebnis"])
            return lauf.ergebnis
    except IntegrityError:
        return "bereits erledigt"


def ausgaben_resume(*, enqueue: bool = True) -> list[int]:
    """Re-enqueue every issue still 'wird versendet' (lost tasks, crashed workers). Idempotent."""
    # Only issues running longer than the claim timeout: a fresh send still has its chunks queued.
    ids = list(
        Ausgabe.objects.filter(
            status=AusgabeStatus.WIRD_VERSENDET, versand_gestartet_am__lt=_stale_before()
        ).values_list("pk", flat=True)
    )
    if enqueue:
        from .tasks import versand_koordinieren

        for pk in ids:
            versand_koordinieren.delay(pk)
    return ids


def zustellungen_for_admin(ausgabe: Ausgabe, *, status: str | None = None):
    """Per-recipient results for the progress page (no N+1: the address is on the row)."""
    qs = Zustellung.objects.filter(ausgabe=ausgabe).select_related("empfaenger__behoerde").order_by("pk")
    if status:
        qs = qs.filter(status=status)
    return qs.defer("digest")
