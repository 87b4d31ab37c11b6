"""Writes of the exchange board. No HTTP here: callers pass the acting person as `by`."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arbeitskreise.models import Arbeitskreis
from audit.models import Aktion
from audit.services import audit_log
from benachrichtigungen.services import benachrichtigen
from dateien.services import datei_speichern
from fachgebiete.models import Fachgebiet
from portal import search_cache, textsearch

from . import access
from .markup import render_markdown
from .models import (
    Abo,
    Beitrag,
    BeitragAnhang,
    BeitragVersion,
    Bereich,
    Lesestand,
    Meldung,
    Thema,
    Zustellung,
)

MAX_TITLE_LENGTH = 200
MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-zÄÖÜäöüß][\w.\-]*)(?:[ \t]+([A-ZÄÖÜ][\wäöüß\-]+))?")
MAX_MENTIONS = 20
MAX_ATTACHMENTS = 5


def _max_text_length() -> int:
    return getattr(settings, "AUSTAUSCH_MAX_TEXT_LENGTH", 20000)


@dataclass
class PostResult:
    """The outcome of writing a post: the post and mentions that reached nobody."""

    beitrag: Beitrag
    nicht_benachrichtigt: list[str] = field(default_factory=list)


# --- Areas ------------------------------------------------------------------------------------


def bereiche_ensure() -> list[Bereich]:
    """Create the general area and one area per Fachgebiet and per Arbeitskreis (idempotent)."""
    result = [
        Bereich.objects.get_or_create(
            slug="allgemein",
            defaults={
                "name": "Allgemein",
                "art": Bereich.Art.ALLGEMEIN,
                "beschreibung": "Fragen und Hinweise, die alle Partner angehen.",
            },
        )[0]
    ]
    for fachgebiet in Fachgebiet.objects.all():
        result.append(bereich_for_fachgebiet(fachgebiet=fachgebiet))
    for arbeitskreis in Arbeitskreis.objects.all():
        result.append(bereich_for_arbeitskreis(arbeitskreis=arbeitskreis))
    return result


def bereich_for_fachgebiet(*, fachgebiet) -> Bereich:
    bereich, _created = Bereich.objects.get_or_create(
        fachgebiet=fachgebiet,
        defaults={
            "name": fachgebiet.name,
            "slug": f"fachgebiet-{fachgebiet.slug}"[:150],
            "art": Bereich.Art.FACHGEBIET,
            "reihenfolge": 10 + fachgebiet.reihenfolge,
        },
    )
    return bereich


def bereich_for_arbeitskreis(*, arbeitskreis) -> Bereich:
    bereich, _created = Bereich.objects.get_or_create(
        arbeitskreis=arbeitskreis,
        defaults={
            "name": f"Arbeitskreis {arbeitskreis.name}",
            "slug": f"ak-{slugify(arbeitskreis.slug or arbeitskreis.name)}"[:150],
            "art": Bereich.Art.ARBEITSKREIS,
            "beschreibung": "Geschlossener Bereich: sichtbar nur für die Mitglieder des Arbeitskreises.",
            "reihenfolge": 100,
        },
    )
    return bereich


# --- Validation -------------------------------------------------------------------------------


def _search_tokens(*, titel: str, text: str) -> str:
    """The searchable form of a post: thread title and text as stemmed tokens (portal.textsearch)."""
    return textsearch.index_tokens(f"{titel} {text}")


def _update_search_vectors(queryset) -> None:
    """PostgreSQL: refresh the GIN-indexed vector from the tokens (SQLite searches the tokens)."""
    textsearch.update_vectors(queryset)


def beitraege_search_index(*, queryset) -> int:
    """(Re)write the search tokens of these posts from thread title and text, and on PostgreSQL their
    vector (for demo data and bulk imports; the services below index each post they write)."""
    posts = [
        Beitrag(pk=pk, tokens=_search_tokens(titel=titel, text=text))
        for pk, titel, text in queryset.filter(geloescht_am__isnull=True).values_list(
            "pk", "thema__titel", "text"
        )
    ]
    Beitrag.objects.bulk_update(posts, ["tokens"], batch_size=1000)
    _update_search_vectors(Beitrag.objects.filter(pk__in=[post.pk for post in posts]))
    search_cache.changed()
    return len(posts)


def _check_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Bitte geben Sie einen Text ein."), code="leer")
    limit = _max_text_length()
    if len(text) > limit:
        raise ValidationError(
            _("Der Beitrag ist zu lang (%(laenge)s Zeichen). Erlaubt sind höchstens %(limit)s Zeichen.")
            % {"laenge": f"{len(text):n}", "limit": f"{limit:n}"},
            code="zu_lang",
        )
    return text


def _check_title(titel: str) -> str:
    titel = " ".join((titel or "").split())
    if not titel:
        raise ValidationError(_("Bitte geben Sie einen Titel ein."), code="titel_leer")
    if len(titel) > MAX_TITLE_LENGTH:
        raise ValidationError(
            _("Der Titel darf höchstens %(limit)s Zeichen lang sein.") % {"limit": MAX_TITLE_LENGTH},
            code="titel_zu_lang",
        )
    return titel


def _check_rate_limit(user) -> None:
    """Refuse more than AUSTAUSCH_RATE_LIMIT posts per person within the window (cache-based)."""
    limit = getattr(settings, "AUSTAUSCH_RATE_LIMIT", 10)
    window = getattr(settings, "AUSTAUSCH_RATE_WINDOW_SECONDS", 300)
    key = f"austausch:rate:{user.pk}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        raise ValidationError(
            _(
                "Sie haben in kurzer Zeit sehr viele Beiträge geschrieben. Bitte warten Sie einige Minuten, "
                "bevor Sie erneut schreiben."
            ),
            code="rate_limit",
        )


# --- Recipients -------------------------------------------------------------------------------


def _resolve_mentions(text: str):
    """Return {user: label} for `@Vorname Nachname` and `@email-localpart` mentions."""
    User = get_user_model()
    found = {}
    for match in list(MENTION_RE.finditer(text))[:MAX_MENTIONS]:
        first, last = match.group(1).rstrip(".-"), match.group(2)
        user = None
        if last:
            user = User.objects.filter(
                first_name__iexact=first, last_name__iexact=last, is_active=True
            ).first()
        if user is None:
            user = User.objects.filter(email__istartswith=f"{first}@", is_active=True).first()
            label = f"@{first}"
        else:
            label = f"@{first} {last}"
        if user is not None:
            found.setdefault(user.pk, (user, label))
    return found


NOTIFICATION_TITLES = {
    "austausch.neues_thema": gettext_lazy("Neues Thema"),
    "austausch.antwort": gettext_lazy("Neue Antwort"),
    "austausch.erwaehnung": gettext_lazy("Sie wurden erwähnt"),
}


def _notify(*, thema: Thema, beitrag: Beitrag, by, subscribers: dict, art: str) -> list[str]:
    """Notify each person once about this post; return mention labels that reached nobody.

    A mention beats a subscription: it arrives immediately even without one. Subscribers get their
    subscription's delivery (immediately, daily digest or only in the portal)."""
    if thema.ist_verborgen:
        return []
    mentions = _resolve_mentions(beitrag.text)
    candidates = set(subscribers) | set(mentions)
    candidates.discard(by.pk)
    allowed = access.users_who_can_see(thema.bereich, candidates)
    groups: dict[tuple[str, str], list[int]] = {}
    for user_id in candidates & allowed:
        if user_id in mentions:
            key = ("austausch.erwaehnung", Zustellung.SOFORT)
        else:
            key = (art, subscribers[user_id])
        groups.setdefault(key, []).append(user_id)
    for (row_art, zustellung), user_ids in groups.items():
        benachrichtigen(
            empfaenger=user_ids,
            ereignis_schluessel=f"austausch.beitrag:{beitrag.pk}",
            art=row_art,
            titel=f"{NOTIFICATION_TITLES[row_art]}: {thema.titel}",
            link=beitrag.get_absolute_url(),
            zustellung=zustellung,
        )
    return [
        label for user_id, (_user, label) in mentions.items() if user_id not in allowed and user_id != by.pk
    ]


def _subscribe(*, user, thema: Thema) -> None:
    Abo.objects.get_or_create(user=user, thema=thema, defaults={"zustellung": _preferred_zustellung(user)})


def _preferred_zustellung(user) -> str:
    """A new subscription takes over the person's latest choice; immediately by default."""
    latest = Abo.objects.filter(user=user).order_by("-erstellt").values_list("zustellung", flat=True).first()
    return latest or Zustellung.SOFORT


# --- Threads and posts ------------------------------------------------------------------------


def _store_attachments(*, uploads, by) -> list:
    """Validate and store attachments through `dateien` (refusals are audited there)."""
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Bitte hängen Sie höchstens %(n)s Dateien an.") % {"n": MAX_ATTACHMENTS}, code="anhaenge"
        )

    return [datei_speichern(upload=upload, by=by, zweck="austausch.anhang") for upload in uploads]


def thema_create(
    *, bereich: Bereich, by, titel: str, art: str, text: str, fachgebiete=(), region=None, anhaenge=()
) -> PostResult:
    """Open a thread with its first post; notify the area's subscribers and mentioned people."""
    if not access.can_see_bereich(by, bereich):
        raise ValidationError(_("Dieser Bereich ist nicht verfügbar."), code="bereich")
    titel = _check_title(titel)
    text = _check_text(text)
    if art not in Thema.Art.values:
        raise ValidationError(_("Bitte wählen Sie die Art des Themas."), code="art")
    _check_rate_limit(by)
    # Files first, each in its own transaction, so that a refused upload stays audited.
    dateien = _store_attachments(uploads=anhaenge, by=by)
    with transaction.atomic():
        return _thema_insert(
            bereich=bereich,
            by=by,
            titel=titel,
            art=art,
            text=text,
            fachgebiete=fachgebiete,
            region=region,
            dateien=dateien,
        )


def _thema_insert(*, bereich, by, titel, art, text, fachgebiete, region, dateien) -> PostResult:
    now = timezone.now()
    thema = Thema.objects.create(
        bereich=bereich,
        titel=titel,
        art=art,
        region=region,
        autor=by,
        letzte_aktivitaet=now,
        letzter_autor=by,
        beitraege_anzahl=1,
    )
    if fachgebiete:
        thema.fachgebiete.set(fachgebiete)
    elif bereich.fachgebiet_id:
        thema.fachgebiete.set([bereich.fachgebiet_id])
    beitrag = Beitrag.objects.create(
        thema=thema,
        autor=by,
        text=text,
        html=render_markdown(text),
        tokens=_search_tokens(titel=titel, text=text),
    )
    _update_search_vectors(Beitrag.objects.filter(pk=beitrag.pk))
    BeitragAnhang.objects.bulk_create([BeitragAnhang(beitrag=beitrag, datei=datei) for datei in dateien])
    search_cache.changed()
    _subscribe(user=by, thema=thema)
    subscribers = dict(Abo.objects.filter(bereich=bereich).values_list("user_id", "zustellung"))
    missed = _notify(
        thema=thema, beitrag=beitrag, by=by, subscribers=subscribers, art="austausch.neues_thema"
    )
    return PostResult(beitrag=beitrag, nicht_benachrichtigt=missed)


def _check_can_reply(by, thema: Thema) -> None:
    if not access.can_see_bereich(by, thema.bereich):
        raise ValidationError(_("Dieser Bereich ist nicht verfügbar."), code="bereich")
    if not access.can_post(by, thema):
        raise ValidationError(
            _("Dieses Thema ist geschlossen. Antworten sind nicht mehr möglich."), code="geschlossen"
        )


def beitrag_create(*, thema: Thema, by, text: str, zitiert: Beitrag | None = None, anhaenge=()) -> PostResult:
    """Reply in a thread (with optional attachments); the author follows the thread from now on."""
    _check_can_reply(by, thema)
    text = _check_text(text)
    _check_rate_limit(by)
    # Files first, each in its own transaction, so that a refused upload stays audited.
    dateien = _store_attachments(uploads=anhaenge, by=by)
    with transaction.atomic():
        return _beitrag_insert(thema=thema, by=by, text=text, zitiert=zitiert, dateien=dateien)


def _beitrag_insert(*, thema, by, text, zitiert, dateien) -> PostResult:
    thema = Thema.objects.select_for_update().select_related("bereich").get(pk=thema.pk)
    _check_can_reply(by, thema)  # again under the row lock: it may have been closed meanwhile
    if zitiert is not None and zitiert.thema_id != thema.pk:
        zitiert = None
    beitrag = Beitrag.objects.create(
        thema=thema,
        autor=by,
        text=text,
        html=render_markdown(text),
        tokens=_search_tokens(titel=thema.titel, text=text),
        zitiert=zitiert,
    )
    _update_search_vectors(Beitrag.objects.filter(pk=beitrag.pk))
    BeitragAnhang.objects.bulk_create([BeitragAnhang(beitrag=beitrag, datei=datei) for datei in dateien])
    Thema.objects.filter(pk=thema.pk).update(
        letzte_aktivitaet=beitrag.erstellt, letzter_autor=by, beitraege_anzahl=thema.beitraege_anzahl + 1
    )
    search_cache.changed()
    thema.letzte_aktivitaet = beitrag.erstellt
    subscribers = dict(Abo.objects.filter(thema=thema).values_list("user_id", "zustellung"))
    missed = _notify(thema=thema, beitrag=beitrag, by=by, subscribers=subscribers, art="austausch.antwort")
    _subscribe(user=by, thema=thema)
    lesestand_mark(user=by, thema=thema)
    return PostResult(beitrag=beitrag, nicht_benachrichtigt=missed)


@transaction.atomic
def beitrag_update(*, beitrag: Beitrag, by, text: str) -> Beitrag:
    """Edit one's own post; the previous text is kept as a version for the moderators."""
    if not access.can_edit_post(by, beitrag):
        raise ValidationError(_("Sie können diesen Beitrag nicht bearbeiten."), code="nicht_erlaubt")
    text = _check_text(text)
    if text == beitrag.text:
        return beitrag
    BeitragVersion.objects.create(beitrag=beitrag, text=beitrag.text, von=by)
    beitrag.text = text
    beitrag.html = render_markdown(text)
    beitrag.tokens = _search_tokens(titel=beitrag.thema.titel, text=text)
    beitrag.bearbeitet_am = timezone.now()
    beitrag.save(update_fields=["text", "html", "tokens", "bearbeitet_am"])
    _update_search_vectors(Beitrag.objects.filter(pk=beitrag.pk))
    return beitrag


@transaction.atomic
def beitrag_delete(*, beitrag: Beitrag, by, grund: str) -> Beitrag:
    """Soft-delete a post (author or moderator) with a reason; the text stays for the moderators."""
    grund = " ".join((grund or "").split())[:300]
    if not grund:
        raise ValidationError(_("Bitte geben Sie einen Grund für die Löschung an."), code="grund")
    if not access.can_delete_post(by, beitrag):
        raise ValidationError(_("Sie können diesen Beitrag nicht löschen."), code="nicht_erlaubt")
    beitrag.geloescht_am = timezone.now()
    beitrag.geloescht_von = by
    beitrag.loeschgrund = grund
    beitrag.save(update_fields=["geloescht_am", "geloescht_von", "loeschgrund"])
    audit_log(aktion=Aktion.BEITRAG_GELOESCHT, actor=by, objekt=beitrag, grund=grund)
    return beitrag


def _require_moderator(by, bereich) -> None:
    if not access.can_moderate(by, bereich):
        raise ValidationError(_("Dafür fehlt Ihnen die Moderationsberechtigung."), code="nicht_erlaubt")


@transaction.atomic
def beitrag_set_hidden(*, beitrag: Beitrag, by, verborgen: bool) -> Beitrag:
    """Hide or show a post (moderators)."""
    _require_moderator(by, beitrag.thema.bereich)
    beitrag.ist_verborgen = verborgen
    beitrag.save(update_fields=["ist_verborgen"])
    audit_log(
        aktion=Aktion.BEITRAG_VERBORGEN if verborgen else Aktion.BEITRAG_GEZEIGT,
        actor=by,
        objekt=beitrag,
    )
    return beitrag


THEMA_ACTIONS = {
    "schliessen": ("ist_geschlossen", True, Aktion.THEMA_GESCHLOSSEN),
    "oeffnen": ("ist_geschlossen", False, Aktion.THEMA_GEOEFFNET),
    "anheften": ("ist_angeheftet", True, Aktion.THEMA_ANGEHEFTET),
    "loesen": ("ist_angeheftet", False, Aktion.THEMA_GELOEST),
    "verbergen": ("ist_verborgen", True, Aktion.THEMA_VERBORGEN),
    "zeigen": ("ist_verborgen", False, Aktion.THEMA_GEZEIGT),
}


@transaction.atomic
def thema_moderate(*, thema: Thema, by, aktion: str, ziel: Bereich | None = None) -> Thema:
    """Close/open, pin/unpin, hide/show or move a thread (moderators of its area; moving also of the target)."""
    _require_moderator(by, thema.bereich)
    details = {}
    if aktion == "verschieben":
        if ziel is None or not access.can_moderate(by, ziel):
            raise ValidationError(_("Bitte wählen Sie einen Zielbereich, den Sie moderieren."), code="ziel")
        details.update(von=thema.bereich.slug, nach=ziel.slug)
        thema.bereich = ziel
        thema.save(update_fields=["bereich"])
        audit_aktion = Aktion.THEMA_VERSCHOBEN
    elif aktion in THEMA_ACTIONS:
        name, value, audit_aktion = THEMA_ACTIONS[aktion]
        setattr(thema, name, value)
        thema.save(update_fields=[name])
    else:
        raise ValidationError(_("Unbekannte Moderationsaktion."), code="aktion")
    audit_log(aktion=audit_aktion, actor=by, objekt=thema, **details)
    return thema


@transaction.atomic
def thema_mark_answered(*, thema: Thema, beitrag: Beitrag | None, by) -> Thema:
    """Mark (or unmark with None) the post that answers a question."""
    if not access.can_mark_answered(by, thema):
        raise ValidationError(_("Nur die fragende Person oder die Moderation kann eine Antwort markieren."))
    if beitrag is not None and (
        beitrag.thema_id != thema.pk or beitrag.geloescht_am or beitrag.ist_verborgen
    ):
        raise ValidationError(_("Dieser Beitrag kann nicht als Antwort markiert werden."))
    thema.antwort = beitrag
    thema.save(update_fields=["antwort"])
    return thema


@transaction.atomic
def beitrag_report(*, beitrag: Beitrag, by, grund: str) -> Meldung:
    """Report a post; the moderators of its area are notified once each."""
    grund = " ".join((grund or "").split())[:500]
    if not grund:
        raise ValidationError(_("Bitte beschreiben Sie kurz, warum Sie den Beitrag melden."), code="grund")
    meldung = Meldung.objects.create(beitrag=beitrag, von=by, grund=grund)
    ids = access.moderators_of(beitrag.thema.bereich)
    # The notification names the person who reported the post (not its author) and opens the moderation
    # queue at this report: there the reason stands next to the post's link and "Als erledigt markieren".
    benachrichtigen(
        empfaenger=ids,
        ausser=by,
        ereignis_schluessel=f"austausch.meldung:{meldung.pk}",
        art="austausch.meldung",
        titel=_("Beitrag gemeldet von %(von)s: %(thema)s")
        % {"von": by.get_full_name() or by.email, "thema": beitrag.thema.titel},
        link=f"{reverse('austausch:meldungen')}#meldung-{meldung.pk}",
    )
    audit_log(aktion=Aktion.BEITRAG_GEMELDET, actor=by, objekt=beitrag)
    return meldung


@transaction.atomic
def meldung_close(*, meldung: Meldung, by) -> Meldung:
    """Close a report once it is handled (moderators of the post's area), audited."""
    _require_moderator(by, meldung.beitrag.thema.bereich)
    meldung = Meldung.objects.select_for_update().get(pk=meldung.pk)
    if meldung.erledigt_am is not None:
        raise ValidationError(_("Diese Meldung ist bereits erledigt."), code="erledigt")
    meldung.erledigt_am = timezone.now()
    meldung.erledigt_von = by
    meldung.save(update_fields=["erledigt_am", "erledigt_von"])
    audit_log(aktion=Aktion.MELDUNG_ERLEDIGT, actor=by, objekt=meldung.beitrag)
    return meldung


# --- Reading ----------------------------------------------------------------------------------


def lesestand_mark(*, user, thema: Thema, bis=None) -> None:
    """Remember that the person has read the thread up to `bis` (default: its last activity).

    A read mark only moves forward: opening page 1 of a long thread keeps later posts unread."""
    bis = bis or thema.letzte_aktivitaet
    if not Lesestand.objects.filter(user=user, thema=thema, gelesen_bis__lt=bis).update(gelesen_bis=bis):
        Lesestand.objects.bulk_create(
            [Lesestand(user=user, thema=thema, gelesen_bis=bis)], ignore_conflicts=True
        )


def abo_set(
    *, user, zustellung: str | None, bereich: Bereich | None = None, thema: Thema | None = None
) -> Abo | None:
    """Subscribe to an area or thread with the chosen delivery, or unsubscribe (zustellung None)."""
    lookup = {"user": user, "bereich": bereich} if bereich is not None else {"user": user, "thema": thema}
    if zustellung is None:
        Abo.objects.filter(**lookup).delete()
        return None
    if zustellung not in Zustellung.values:
        raise ValidationError(_("Bitte wählen Sie, wie Sie benachrichtigt werden möchten."))
    abo, _created = Abo.objects.update_or_create(**lookup, defaults={"zustellung": zustellung})
    return abo


# --- Retention --------------------------------------------------------------------------------


@transaction.atomic
def themen_apply_retention(*, now=None) -> dict:
    """Archive threads without activity; remove the posts' content of threads archived long enough. Audited
    on every run; the Geschäftsstelle is notified when a run archived or removed anything."""
    now = now or timezone.now()
    archive_after = timezone.timedelta(days=getattr(settings, "AUSTAUSCH_ARCHIVE_AFTER_DAYS", 730))
    delete_after = timezone.timedelta(days=getattr(settings, "AUSTAUSCH_DELETE_AFTER_DAYS", 365))
    archived = Thema.objects.filter(
        archiviert_am__isnull=True, letzte_aktivitaet__lt=now - archive_after
    ).update(archiviert_am=now, ist_geschlossen=True)
    due = Thema.objects.filter(inhalt_entfernt_am__isnull=True, archiviert_am__lt=now - delete_after)
    due_ids = list(due.values_list("pk", flat=True))
    removed_posts = Beitrag.objects.filter(thema_id__in=due_ids).update(
        text="",
        html="",
        tokens="",
        vector=None,
        loeschgrund="Aufbewahrungsfrist abgelaufen",
        geloescht_am=now,
    )
    BeitragVersion.objects.filter(beitrag__thema_id__in=due_ids).delete()
    Thema.objects.filter(pk__in=due_ids).update(inhalt_entfernt_am=now)
    search_cache.changed()
    report = {"archiviert": archived, "bereinigt_themen": len(due_ids), "bereinigt_beitraege": removed_posts}
    entry = audit_log(aktion=Aktion.AUSTAUSCH_AUFBEWAHRUNG, objekt_typ="austausch.thema", **report)
    if archived or due_ids:
        # The Geschäftsstelle learns what the daily run did through the portal's notifications, like every
        # other workflow (its list, and an email as each person chose); the link opens the audit log's
        # entries of these runs. A run that changed nothing is only audited.
        benachrichtigen(
            empfaenger=get_user_model().objects.geschaeftsstelle(),
            ereignis_schluessel=f"austausch.aufbewahrung:{entry.pk}",
            art="austausch.aufbewahrung",
            titel=_(
                "Aufbewahrung im Informationsaustausch – archivierte Themen: %(archiviert)s, Themen mit "
                "entfernten Beiträgen: %(bereinigt_themen)s, entfernte Beiträge: %(bereinigt_beitraege)s"
            )
            % report,
            link=f"{reverse('audit:liste')}?aktion={Aktion.AUSTAUSCH_AUFBEWAHRUNG.value}",
        )
    return report
