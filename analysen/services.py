"""Writes of the 360°-Analysen. No HTTP here: callers pass the acting person as `by`.

Every refusal raises a ValidationError with a German message before anything is written; the views
show it and audit it (`Aktion.ANALYSE_ABGELEHNT`)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Aktion
from audit.services import audit_log
from benachrichtigungen.services import benachrichtigen
from dateien.models import Datei
from dateien.services import datei_speichern
from portal import search_cache

from . import access
from .models import (
    AnalyseBeitrag,
    Analysevorgang,
    Aufgabe,
    Auswertebericht,
    BeitragDatei,
    Beitragsanforderung,
    Beteiligung,
    Einladung,
    Fallbesprechung,
    Klassifikation,
    Quellenkategorie,
    Verbindung,
)

MAX_LOESCHFRIST_JAHRE = 5
MAX_DATEIEN = 5
LOESCHFRIST_ERINNERUNG_TAGE = 30


def _today() -> datetime.date:
    return timezone.localdate()


def _one_line(value: str, limit: int, message: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ValidationError(message, code="leer")
    return value[:limit]


def _text(value: str, limit: int, message: str) -> str:
    value = (value or "").replace("\r\n", "\n").strip()
    if not value:
        raise ValidationError(message, code="leer")
    if len(value) > limit:
        raise ValidationError(
            _("Der Text ist zu lang (höchstens %(limit)s Zeichen).") % {"limit": f"{limit:n}"}, code="zu_lang"
        )
    return value


def _require_manager(by, vorgang) -> None:
    if not access.can_manage(by, vorgang):
        raise ValidationError(_("Das kann nur die Geschäftsstelle."), code="nicht_erlaubt")


def _require_open(vorgang) -> None:
    if vorgang.inhalte_geloescht_am:
        raise ValidationError(_("Die Inhalte dieses Vorgangs sind gelöscht."), code="geloescht")
    if vorgang.ist_abgeschlossen:
        raise ValidationError(_("Der Vorgang ist abgeschlossen."), code="abgeschlossen")


def check_loeschfrist(loeschfrist, *, today=None) -> datetime.date:
    """A deletion date is required, at least tomorrow and at most five years ahead."""
    today = today or _today()
    if not loeschfrist:
        raise ValidationError(_("Bitte geben Sie eine Löschfrist an."), code="loeschfrist_fehlt")
    if loeschfrist <= today:
        raise ValidationError(
            _("Die Löschfrist muss in der Zukunft liegen (frühestens morgen)."), code="loeschfrist_vergangen"
        )
    try:
        latest = today.replace(year=today.year + MAX_LOESCHFRIST_JAHRE)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + MAX_LOESCHFRIST_JAHRE, day=28)
    if loeschfrist > latest:
        raise ValidationError(
            _("Die Löschfrist darf höchstens %(jahre)s Jahre in der Zukunft liegen (bis %(datum)s).")
            % {"jahre": MAX_LOESCHFRIST_JAHRE, "datum": latest.strftime("%d.%m.%Y")},
            code="loeschfrist_zu_weit",
        )
    return loeschfrist


def next_aktenzeichen(year: int) -> str:
    """The next free reference number of the year: 360-YYYY-NNN."""
    prefix = f"360-{year}-"
    numbers = [
        int(value.removeprefix(prefix))
        for value in Analysevorgang.objects.filter(aktenzeichen__startswith=prefix).values_list(
            "aktenzeichen", flat=True
        )
        if value.removeprefix(prefix).isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _named_people(vorgang, behoerde_ids=None) -> list[int]:
    qs = Beteiligung.objects.active().filter(vorgang=vorgang)
    if behoerde_ids is not None:
        qs = qs.filter(behoerde_id__in=behoerde_ids)
    return list(qs.values_list("personen", flat=True).exclude(personen=None))


def _geschaeftsstelle_ids() -> list[int]:
    return list(get_user_model().objects.geschaeftsstelle().values_list("pk", flat=True))


def _notify(*, vorgang, empfaenger, key: str, titel: str, art: str, ausser=None, link: str = "") -> None:
    """Portal notification and email: the title names the reference number only, never case content."""
    benachrichtigen(
        empfaenger=empfaenger,
        ausser=ausser,
        ereignis_schluessel=f"analyse.{key}",
        art=f"analyse.{art}",
        titel=titel,
        link=link or vorgang.get_absolute_url(),
        ist_vsnfd=vorgang.ist_vsnfd,
    )


# --- Status -----------------------------------------------------------------------------------


def status_ableiten(vorgang) -> str:
    """The overview status, derived from the case's state (one rule for every write):

    abgeschlossen once closed; Bericht in Freigabe while the report awaits its second pair of eyes;
    Beiträge ausstehend while an authority still taking part has not answered a request (and the report
    is not released); angefragt for a case opened from an Anfrage before the Geschäftsstelle has started
    work (no request for contributions, no report, no Fallbesprechung); otherwise in Bearbeitung."""
    Status = Analysevorgang.Status
    if vorgang.abgeschlossen_am or vorgang.status == Status.ABGESCHLOSSEN:
        return Status.ABGESCHLOSSEN
    bericht_status = Auswertebericht.objects.filter(vorgang=vorgang).values_list("status", flat=True).first()
    if bericht_status == Auswertebericht.Status.IN_FREIGABE:
        return Status.BERICHT_IN_FREIGABE
    active = Beteiligung.objects.active().filter(vorgang=vorgang).values("behoerde_id")
    outstanding = vorgang.anforderungen.filter(behoerde_id__in=active, beitraege__isnull=True).exists()
    if outstanding and bericht_status != Auswertebericht.Status.FREIGEGEBEN:
        return Status.BEITRAEGE_AUSSTEHEND
    if (
        vorgang.anfrage_id
        and bericht_status is None
        and not vorgang.anforderungen.exists()
        and not vorgang.fallbesprechungen.exists()
    ):
        return Status.ANGEFRAGT
    return Status.IN_BEARBEITUNG


def status_aktualisieren(vorgang) -> str:
    """Store the derived status (inside the caller's transaction)."""
    status = status_ableiten(vorgang)
    if status != vorgang.status:
        Analysevorgang.objects.filter(pk=vorgang.pk).update(status=status)
        search_cache.changed()
        vorgang.status = status
    return status


# --- Opening and participants -----------------------------------------------------------------


def vorgang_open(
    *,
    by,
    betreff: str,
    zweck: str,
    rechtsgrundlage: str,
    klassifikation: str,
    loeschfrist,
    fallfuehrung,
    anfrage=None,
    behoerden=(),
) -> Analysevorgang:
    """Open a case (Geschäftsstelle), from an Anfrage or on its own initiative; the requesting authority
    takes part with the person who asked; further authorities as given."""
    if not access.can_open(by):
        raise ValidationError(_("Nur die Geschäftsstelle eröffnet Analysevorgänge."), code="nicht_erlaubt")
    betreff = _one_line(betreff, 200, _("Bitte geben Sie einen Betreff ein."))
    zweck = _text(zweck, 5000, _("Bitte beschreiben Sie den Zweck des Austauschs."))
    rechtsgrundlage = _one_line(rechtsgrundlage, 300, _("Bitte geben Sie die Rechtsgrundlage an."))
    if klassifikation not in Klassifikation.values:
        raise ValidationError(_("Bitte wählen Sie die Einstufung."), code="klassifikation")
    check_loeschfrist(loeschfrist)
    if fallfuehrung is None or not access.can_work_on_cases(fallfuehrung):
        raise ValidationError(
            _("Die Fallführung muss eine Person der Geschäftsstelle sein."), code="fallfuehrung"
        )
    with transaction.atomic():
        vorgang = Analysevorgang.objects.create(
            aktenzeichen=next_aktenzeichen(_today().year),
            betreff=betreff,
            zweck=zweck,
            rechtsgrundlage=rechtsgrundlage,
            klassifikation=klassifikation,
            loeschfrist=loeschfrist,
            fallfuehrung=fallfuehrung,
            erstellt_von=by,
            anfrage=anfrage,
            anfragende_behoerde_id=anfrage.behoerde_id if anfrage else None,
            # From an Anfrage: "angefragt" until the Geschäftsstelle starts work (see status_ableiten).
            status=Analysevorgang.Status.ANGEFRAGT if anfrage else Analysevorgang.Status.IN_BEARBEITUNG,
        )
        audit_log(
            aktion=Aktion.ANALYSE_EROEFFNET,
            actor=by,
            objekt=vorgang,
            anfrage=anfrage.pk if anfrage else None,
            loeschfrist=loeschfrist.isoformat(),
        )
        if anfrage is not None:
            beteiligung_add(
                vorgang=vorgang,
                behoerde=anfrage.behoerde,
                by=by,
                grund=_("anfragende Behörde"),
                personen=[anfrage.erstellt_von],
            )
        for behoerde in behoerden:
            if anfrage is None or behoerde.pk != anfrage.behoerde_id:
                beteiligung_add(vorgang=vorgang, behoerde=behoerde, by=by, grund=_("bei Eröffnung beteiligt"))
    return vorgang


def beteiligung_add(*, vorgang, behoerde, by, grund: str, personen=()) -> Beteiligung:
    """Let an authority take part (audited with the reason); its named people are told."""
    _require_manager(by, vorgang)
    _require_open(vorgang)
    grund = _one_line(grund, 300, _("Bitte geben Sie einen Grund für die Beteiligung an."))
    if Beteiligung.objects.active().filter(vorgang=vorgang, behoerde=behoerde).exists():
        raise ValidationError(_("Diese Behörde ist bereits beteiligt."), code="schon_beteiligt")
    personen = list(personen)
    for person in personen:
        _check_person_of(person, behoerde)
    with transaction.atomic():
        beteiligung = Beteiligung.objects.create(
            vorgang=vorgang, behoerde=behoerde, hinzugefuegt_von=by, grund=grund
        )
        beteiligung.personen.set(personen)
        audit_log(
            aktion=Aktion.ANALYSE_BETEILIGUNG_HINZU, actor=by, objekt=vorgang, behoerde=behoerde, grund=grund
        )
        if personen:
            _notify(
                vorgang=vorgang,
                empfaenger=personen,
                ausser=by,
                key=f"beteiligt:{beteiligung.pk}",
                art="beteiligt",
                titel=_("Sie wurden an der Analyse %(az)s beteiligt") % {"az": vorgang.aktenzeichen},
            )
    return beteiligung


def _check_person_of(person, behoerde) -> None:
    if person is None or not person.is_active or person.behoerde_id != behoerde.pk:
        raise ValidationError(
            _("%(person)s gehört nicht zur Behörde %(behoerde)s.")
            % {"person": person, "behoerde": behoerde.name},
            code="person_fremd",
        )


def person_benennen(*, beteiligung: Beteiligung, person, by) -> Beteiligung:
    """Name a further person of a participating authority for the case."""
    _require_manager(by, beteiligung.vorgang)
    _require_open(beteiligung.vorgang)
    if beteiligung.entfernt_am:
        raise ValidationError(_("Diese Behörde ist nicht mehr beteiligt."), code="nicht_beteiligt")
    _check_person_of(person, beteiligung.behoerde)
    with transaction.atomic():
        beteiligung.personen.add(person)
        audit_log(
            aktion=Aktion.ANALYSE_PERSON_BENANNT,
            actor=by,
            objekt=beteiligung.vorgang,
            subject=person,
            behoerde=beteiligung.behoerde,
        )
        _notify(
            vorgang=beteiligung.vorgang,
            empfaenger=[person],
            ausser=by,
            key=f"benannt:{beteiligung.pk}:{person.pk}",
            art="beteiligt",
            titel=_("Sie wurden für die Analyse %(az)s benannt") % {"az": beteiligung.vorgang.aktenzeichen},
        )
    return beteiligung


def beteiligung_remove(*, beteiligung: Beteiligung, by, grund: str) -> Beteiligung:
    """End an authority's participation (audited with the reason): its people lose access at once."""
    _require_manager(by, beteiligung.vorgang)
    grund = _one_line(grund, 300, _("Bitte geben Sie einen Grund für die Entfernung an."))
    if beteiligung.entfernt_am:
        raise ValidationError(_("Diese Behörde ist nicht mehr beteiligt."), code="nicht_beteiligt")
    with transaction.atomic():
        beteiligung.entfernt_am = timezone.now()
        beteiligung.entfernt_von = by
        beteiligung.entfernungsgrund = grund
        beteiligung.save(update_fields=["entfernt_am", "entfernt_von", "entfernungsgrund"])
        audit_log(
            aktion=Aktion.ANALYSE_BETEILIGUNG_ENTFERNT,
            actor=by,
            objekt=beteiligung.vorgang,
            behoerde=beteiligung.behoerde,
            grund=grund,
        )
        status_aktualisieren(beteiligung.vorgang)
    return beteiligung


# --- Contributions ----------------------------------------------------------------------------


def beitraege_anfordern(*, vorgang, by, frist) -> list[Beitragsanforderung]:
    """Ask every participating authority not yet asked for its contribution by `frist`; notify its people."""
    _require_manager(by, vorgang)
    _require_open(vorgang)
    if not frist or frist < _today():
        raise ValidationError(
            _("Die Frist für die Beiträge darf nicht in der Vergangenheit liegen."), code="frist"
        )
    if frist > vorgang.loeschfrist:
        raise ValidationError(_("Die Frist für die Beiträge muss vor der Löschfrist liegen."), code="frist")
    asked = set(vorgang.anforderungen.values_list("behoerde_id", flat=True))
    beteiligungen = [
        b for b in Beteiligung.objects.active().filter(vorgang=vorgang).select_related("behoerde")
        if b.behoerde_id not in asked
    ]  # fmt: skip
    if not beteiligungen:
        raise ValidationError(
            _("Alle beteiligten Behörden sind bereits um ihren Beitrag gebeten."), code="keine_behoerde"
        )
    created = []
    with transaction.atomic():
        for beteiligung in beteiligungen:
            anforderung = Beitragsanforderung.objects.create(
                vorgang=vorgang, behoerde=beteiligung.behoerde, frist=frist, angefordert_von=by
            )
            created.append(anforderung)
            audit_log(
                aktion=Aktion.ANALYSE_BEITRAG_ANGEFORDERT,
                actor=by,
                objekt=vorgang,
                behoerde=beteiligung.behoerde,
                frist=frist.isoformat(),
            )
            _notify(
                vorgang=vorgang,
                empfaenger=list(beteiligung.personen.values_list("pk", flat=True)),
                ausser=by,
                key=f"anforderung:{anforderung.pk}",
                art="beitrag_angefordert",
                titel=_("Beitrag erbeten zur Analyse %(az)s bis %(frist)s")
                % {"az": vorgang.aktenzeichen, "frist": frist.strftime("%d.%m.%Y")},
            )
        status_aktualisieren(vorgang)
    return created


def beitrag_erinnern(*, anforderung: Beitragsanforderung, by) -> Beitragsanforderung:
    """Remind an authority that has not answered yet (portal and email)."""
    vorgang = anforderung.vorgang
    _require_manager(by, vorgang)
    _require_open(vorgang)
    if anforderung.beitraege.exists():
        raise ValidationError(_("Diese Behörde hat ihren Beitrag bereits geliefert."), code="geliefert")
    if not Beteiligung.objects.active().filter(vorgang=vorgang, behoerde_id=anforderung.behoerde_id).exists():
        raise ValidationError(_("Diese Behörde ist nicht mehr beteiligt."), code="nicht_beteiligt")
    with transaction.atomic():
        anforderung.erinnerungen += 1
        anforderung.erinnert_am = timezone.now()
        anforderung.save(update_fields=["erinnerungen", "erinnert_am"])
        audit_log(
            aktion=Aktion.ANALYSE_BEITRAG_ERINNERT,
            actor=by,
            objekt=vorgang,
            behoerde=anforderung.behoerde_id,
            erinnerung=anforderung.erinnerungen,
        )
        _notify(
            vorgang=vorgang,
            empfaenger=_named_people(vorgang, [anforderung.behoerde_id]),
            ausser=by,
            key=f"erinnerung:{anforderung.pk}:{anforderung.erinnerungen}",
            art="beitrag_erinnerung",
            titel=_("Erinnerung: Beitrag zur Analyse %(az)s war fällig am %(frist)s")
            % {"az": vorgang.aktenzeichen, "frist": anforderung.frist.strftime("%d.%m.%Y")},
        )
    return anforderung


def beitrag_einreichen(
    *, vorgang, by, text: str, quellenkategorie: str, rechtsgrundlage: str, uploads=()
) -> AnalyseBeitrag:
    """Submit (a new version of) the contribution of the person's authority, with files."""
    _require_open(vorgang)
    beteiligung = access.participation_of(by, vorgang)
    if beteiligung is None:
        raise ValidationError(
            _("Ihre Behörde ist an diesem Vorgang nicht (mehr) beteiligt."), code="nicht_beteiligt"
        )
    anforderung = vorgang.anforderungen.filter(behoerde_id=beteiligung.behoerde_id).first()
    if anforderung is None:
        raise ValidationError(
            _("Ihre Behörde wurde noch nicht um einen Beitrag gebeten."), code="nicht_angefordert"
        )
    if anforderung.beitraege.filter(gesperrt_am__isnull=False).exists():
        raise ValidationError(
            _(
                "Der Auswertebericht stützt sich bereits auf Ihren Beitrag; er kann nicht mehr geändert werden."
            ),
            code="gesperrt",
        )
    text = _text(text, 20000, _("Bitte geben Sie Ihren Beitrag ein."))
    if quellenkategorie not in Quellenkategorie.values:
        raise ValidationError(_("Bitte wählen Sie die Quellenkategorie."), code="quelle")
    rechtsgrundlage = _one_line(
        rechtsgrundlage, 300, _("Bitte geben Sie die Rechtsgrundlage für die Übermittlung an.")
    )
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_DATEIEN:
        raise ValidationError(
            _("Bitte hängen Sie höchstens %(n)s Dateien an.") % {"n": MAX_DATEIEN}, code="dateien"
        )

    # Files first, each in its own transaction, so that a refused upload stays audited (dateien).
    dateien = [datei_speichern(upload=upload, by=by, zweck="analysen.beitrag") for upload in uploads]
    with transaction.atomic():
        anforderung = Beitragsanforderung.objects.select_for_update().get(pk=anforderung.pk)
        version = (anforderung.beitraege.aggregate(n=Max("version"))["n"] or 0) + 1
        beitrag = AnalyseBeitrag.objects.create(
            anforderung=anforderung,
            version=version,
            text=text,
            quellenkategorie=quellenkategorie,
            rechtsgrundlage=rechtsgrundlage,
            eingereicht_von=by,
        )
        BeitragDatei.objects.bulk_create([BeitragDatei(beitrag=beitrag, datei=datei) for datei in dateien])
        search_cache.changed()
        audit_log(
            aktion=Aktion.ANALYSE_BEITRAG_EINGEREICHT,
            actor=by,
            objekt=vorgang,
            behoerde=beteiligung.behoerde,
            version=version,
            dateien=len(dateien),
        )
        _notify(
            vorgang=vorgang,
            empfaenger=[vorgang.fallfuehrung_id],
            ausser=by,
            key=f"beitrag:{beitrag.pk}",
            art="beitrag_eingegangen",
            titel=_("Beitrag eingegangen zur Analyse %(az)s (%(behoerde)s, Version %(v)s)")
            % {
                "az": vorgang.aktenzeichen,
                "behoerde": beteiligung.behoerde.kurzname or beteiligung.behoerde.name,
                "v": version,
            },
        )
        status_aktualisieren(vorgang)
    return beitrag


def current_contributions(vorgang):
    """The latest version of each authority's contribution."""
    latest = {}
    for beitrag in (
        AnalyseBeitrag.objects.filter(anforderung__vorgang=vorgang)
        .select_related("anforderung__behoerde", "eingereicht_von")
        .order_by("anforderung_id", "-version")
    ):
        latest.setdefault(beitrag.anforderung_id, beitrag)
    return list(latest.values())


# --- Report -----------------------------------------------------------------------------------


MAX_VERBINDUNGEN = 100
VERBINDUNG_PFLICHT = {
    "von_name": _("Bitte geben Sie an, von wem oder was die Verbindung ausgeht."),
    "beziehung": _("Bitte beschreiben Sie die Beziehung."),
    "zu_name": _("Bitte geben Sie an, zu wem oder was die Verbindung besteht."),
}


def check_verbindungen(rows) -> list[dict]:
    """The links table: each row from (name, kind) – relation – to (name, kind), optional source/remark;
    German messages naming the row for anything missing or unknown."""
    rows = list(rows or [])
    if len(rows) > MAX_VERBINDUNGEN:
        raise ValidationError(
            _("Bitte erfassen Sie höchstens %(n)s Verbindungen.") % {"n": MAX_VERBINDUNGEN}, code="zu_viele"
        )
    cleaned, errors = [], []
    limits = {"von_name": 200, "beziehung": 200, "zu_name": 200, "quelle": 300}
    for number, row in enumerate(rows, start=1):
        values = {name: " ".join(str(row.get(name) or "").split()) for name in limits}
        for name, message in VERBINDUNG_PFLICHT.items():
            if not values[name]:
                errors.append(_("Verbindung %(nr)s: %(msg)s") % {"nr": number, "msg": message})
        for name, limit in limits.items():
            if len(values[name]) > limit:
                errors.append(
                    _("Verbindung %(nr)s: höchstens %(limit)s Zeichen je Feld.")
                    % {"nr": number, "limit": limit}
                )
        for name, label in (("von_art", _("von")), ("zu_art", _("zu"))):
            values[name] = row.get(name) or ""
            if values[name] not in Verbindung.Art.values:
                errors.append(
                    _("Verbindung %(nr)s: Bitte wählen Sie für „%(seite)s“ Person, Firma oder Ort.")
                    % {"nr": number, "seite": label}
                )
        if (
            values["von_name"]
            and values["von_name"].casefold() == values["zu_name"].casefold()
            and values["von_art"] == values["zu_art"]
        ):
            errors.append(
                _("Verbindung %(nr)s: Eine Verbindung muss zwei verschiedene Beteiligte verbinden.")
                % {"nr": number}
            )
        cleaned.append(values)
    if errors:
        raise ValidationError(errors, code="verbindung")
    return cleaned


def bericht_speichern(
    *, vorgang, by, fragestellung: str, quellen: str, erkenntnisse: str, empfehlungen: str,
    verbindungen=(), pdf_upload=None,
) -> Auswertebericht:  # fmt: skip
    """Write or change the draft report (Geschäftsstelle) with its table of links (rows replace the old
    ones); a final PDF goes through the upload check."""
    _require_manager(by, vorgang)
    _require_open(vorgang)
    bericht = Auswertebericht.objects.filter(vorgang=vorgang).first()
    if bericht is not None and bericht.status != Auswertebericht.Status.ENTWURF:
        raise ValidationError(
            _("Der Bericht ist in Freigabe oder freigegeben und kann nicht mehr geändert werden."),
            code="status",
        )
    fields = {
        "fragestellung": _text(fragestellung, 5000, _("Bitte geben Sie die Fragestellung an.")),
        "quellen": (quellen or "").strip()[:5000],
        "erkenntnisse": _text(erkenntnisse, 20000, _("Bitte geben Sie die Erkenntnisse an.")),
        "empfehlungen": (empfehlungen or "").strip()[:10000],
    }
    rows = check_verbindungen(verbindungen)
    pdf = None
    if pdf_upload is not None:
        pdf = datei_speichern(upload=pdf_upload, by=by, allowed=("pdf",), zweck="analysen.bericht")
    with transaction.atomic():
        if bericht is None:
            bericht = Auswertebericht(vorgang=vorgang, verfasst_von=by, **fields)
        else:
            for name, value in fields.items():
                setattr(bericht, name, value)
        if pdf is not None:
            bericht.pdf = pdf
        bericht.save()
        bericht.verbindungen.all().delete()
        Verbindung.objects.bulk_create(
            [Verbindung(bericht=bericht, position=number, **row) for number, row in enumerate(rows)]
        )
        search_cache.changed()
        audit_log(
            aktion=Aktion.ANALYSE_BERICHT_GESPEICHERT,
            actor=by,
            objekt=vorgang,
            pdf=pdf is not None,
            verbindungen=len(rows),
        )
        status_aktualisieren(vorgang)
    return bericht


def bericht_einreichen(*, bericht: Auswertebericht, by) -> Auswertebericht:
    """Submit the report for release: the contributions it draws on are locked from now on."""
    vorgang = bericht.vorgang
    _require_manager(by, vorgang)
    _require_open(vorgang)
    if bericht.status != Auswertebericht.Status.ENTWURF:
        raise ValidationError(_("Der Bericht ist bereits eingereicht."), code="status")
    if bericht.pdf_id is None:
        raise ValidationError(_("Bitte laden Sie zuerst den Bericht als PDF hoch."), code="pdf_fehlt")
    used = current_contributions(vorgang)
    now = timezone.now()
    with transaction.atomic():
        AnalyseBeitrag.objects.filter(pk__in=[b.pk for b in used]).update(gesperrt_am=now)
        search_cache.changed()
        bericht.beitraege.set(used)
        bericht.status = Auswertebericht.Status.IN_FREIGABE
        bericht.eingereicht_am = now
        bericht.save(update_fields=["status", "eingereicht_am", "geaendert"])
        status_aktualisieren(vorgang)
        audit_log(aktion=Aktion.ANALYSE_BERICHT_EINGEREICHT, actor=by, objekt=vorgang, beitraege=len(used))
        _notify(
            vorgang=vorgang,
            empfaenger=_geschaeftsstelle_ids(),
            ausser=by,
            key=f"bericht_freigabe:{bericht.pk}:{now.timestamp():.0f}",
            art="bericht_freigabe",
            titel=_("Auswertebericht zur Freigabe (Vier-Augen-Prinzip): %(az)s")
            % {"az": vorgang.aktenzeichen},
        )
    return bericht


def bericht_freigeben(*, bericht: Auswertebericht, by) -> Auswertebericht:
    """Release the report (four eyes: not its author); the participants' named people are told."""
    vorgang = bericht.vorgang
    _require_open(vorgang)
    if not access.can_release_report(by, bericht):
        raise ValidationError(
            _(
                "Der Bericht muss von einer anderen Person der Geschäftsstelle freigegeben werden als der Verfasserin bzw. dem Verfasser."
            ),
            code="vier_augen",
        )
    if bericht.status != Auswertebericht.Status.IN_FREIGABE:
        raise ValidationError(_("Der Bericht ist nicht zur Freigabe eingereicht."), code="status")
    with transaction.atomic():
        bericht.status = Auswertebericht.Status.FREIGEGEBEN
        bericht.freigegeben_am = timezone.now()
        bericht.freigegeben_von = by
        bericht.save(update_fields=["status", "freigegeben_am", "freigegeben_von", "geaendert"])
        status_aktualisieren(vorgang)
        audit_log(
            aktion=Aktion.ANALYSE_BERICHT_FREIGEGEBEN,
            actor=by,
            objekt=vorgang,
            verfasst_von=bericht.verfasst_von_id,
        )
        _notify(
            vorgang=vorgang,
            empfaenger=_named_people(vorgang),
            ausser=by,
            key=f"bericht:{bericht.pk}",
            art="bericht_freigegeben",
            titel=_("Auswertebericht freigegeben: %(az)s") % {"az": vorgang.aktenzeichen},
        )
    return bericht


# --- Fallbesprechung --------------------------------------------------------------------------


def _check_termin(*, beginn, ort: str, video_link: str, tagesordnung: str) -> tuple[str, str, str]:
    if beginn is None or beginn <= timezone.now():
        raise ValidationError(_("Die Fallbesprechung muss in der Zukunft liegen."), code="beginn")
    ort = (ort or "").strip()[:200]
    video_link = (video_link or "").strip()
    if not ort and not video_link:
        raise ValidationError(_("Bitte geben Sie einen Ort oder einen Videokonferenz-Link an."), code="ort")
    tagesordnung = _text(tagesordnung, 5000, _("Bitte geben Sie die Tagesordnung an."))
    return ort, video_link, tagesordnung


def _require_termin_offen(besprechung) -> None:
    if besprechung.abgesagt_am:
        raise ValidationError(_("Diese Fallbesprechung ist abgesagt."), code="abgesagt")


def fallbesprechung_ansetzen(
    *, vorgang, by, beginn, dauer_minuten: int, ort: str, video_link: str, tagesordnung: str, eingeladene
) -> Fallbesprechung:
    """Schedule a case conference; invite named people of participating authorities (email with iCal)."""
    _require_manager(by, vorgang)
    _require_open(vorgang)
    ort, video_link, tagesordnung = _check_termin(
        beginn=beginn, ort=ort, video_link=video_link, tagesordnung=tagesordnung
    )
    eingeladene = list(eingeladene)
    if not eingeladene:
        raise ValidationError(_("Bitte laden Sie mindestens eine Person ein."), code="eingeladene")
    allowed = set(_named_people(vorgang))
    for person in eingeladene:
        if person.pk not in allowed and not access.can_work_on_cases(person):
            raise ValidationError(
                _("%(person)s gehört nicht zu den benannten Personen einer beteiligten Behörde.")
                % {"person": person},
                code="person_fremd",
            )
    with transaction.atomic():
        besprechung = Fallbesprechung.objects.create(
            vorgang=vorgang,
            beginn=beginn,
            dauer_minuten=dauer_minuten or 90,
            ort=ort,
            video_link=video_link,
            tagesordnung=tagesordnung,
            erstellt_von=by,
        )
        Einladung.objects.bulk_create([Einladung(fallbesprechung=besprechung, person=p) for p in eingeladene])
        search_cache.changed()
        audit_log(
            aktion=Aktion.ANALYSE_FALLBESPRECHUNG, actor=by, objekt=vorgang, eingeladene=len(eingeladene)
        )
        _notify(
            vorgang=vorgang,
            empfaenger=eingeladene,
            ausser=by,
            key=f"fallbesprechung:{besprechung.pk}",
            art="fallbesprechung",
            titel=_("Einladung zur Fallbesprechung %(az)s am %(am)s")
            % {"az": vorgang.aktenzeichen, "am": timezone.localtime(beginn).strftime("%d.%m.%Y %H:%M")},
        )
        status_aktualisieren(vorgang)
        _send_invitations_on_commit(besprechung.pk, "einladung")
    return besprechung


def fallbesprechung_aendern(
    *,
    besprechung: Fallbesprechung,
    by,
    beginn,
    dauer_minuten: int,
    ort: str,
    video_link: str,
    tagesordnung: str,
) -> Fallbesprechung:
    """Change time, place or agenda: the invited people get an updated invitation (same UID, next
    SEQUENCE); a new time asks them again for their answer."""
    vorgang = besprechung.vorgang
    _require_manager(by, vorgang)
    _require_open(vorgang)
    _require_termin_offen(besprechung)
    if besprechung.protokoll_freigegeben_am:
        raise ValidationError(_("Das Protokoll ist freigegeben; der Termin ist vorbei."), code="vorbei")
    ort, video_link, tagesordnung = _check_termin(
        beginn=beginn, ort=ort, video_link=video_link, tagesordnung=tagesordnung
    )
    dauer_minuten = dauer_minuten or 90
    neu = {"beginn": beginn, "dauer_minuten": dauer_minuten, "ort": ort, "video_link": video_link,
           "tagesordnung": tagesordnung}  # fmt: skip
    changed = [name for name, value in neu.items() if getattr(besprechung, name) != value]
    if not changed:
        raise ValidationError(_("Sie haben nichts geändert."), code="unveraendert")
    neue_zeit = "beginn" in changed or "dauer_minuten" in changed
    with transaction.atomic():
        for name, value in neu.items():
            setattr(besprechung, name, value)
        besprechung.sequenz += 1
        besprechung.save(update_fields=[*neu, "sequenz"])
        if neue_zeit:
            besprechung.einladungen.update(antwort=Einladung.Antwort.OFFEN, beantwortet_am=None)
            search_cache.changed()  # QuerySet.update sends no signal
        audit_log(
            aktion=Aktion.ANALYSE_FALLBESPRECHUNG_GEAENDERT,
            actor=by,
            objekt=vorgang,
            fallbesprechung=besprechung.pk,
            felder=changed,
            sequenz=besprechung.sequenz,
        )
        _notify(
            vorgang=vorgang,
            empfaenger=list(besprechung.einladungen.values_list("person_id", flat=True)),
            ausser=by,
            key=f"fallbesprechung_geaendert:{besprechung.pk}:{besprechung.sequenz}",
            art="fallbesprechung",
            titel=_("Fallbesprechung %(az)s geändert: jetzt am %(am)s")
            % {"az": vorgang.aktenzeichen, "am": timezone.localtime(beginn).strftime("%d.%m.%Y %H:%M")},
        )
        _send_invitations_on_commit(besprechung.pk, "aenderung")
    return besprechung


def fallbesprechung_absagen(*, besprechung: Fallbesprechung, by) -> Fallbesprechung:
    """Cancel the conference: the invited people get a CANCEL (same UID, next SEQUENCE)."""
    vorgang = besprechung.vorgang
    _require_manager(by, vorgang)
    _require_open(vorgang)
    _require_termin_offen(besprechung)
    if besprechung.protokoll_freigegeben_am:
        raise ValidationError(_("Das Protokoll ist freigegeben; der Termin ist vorbei."), code="vorbei")
    with transaction.atomic():
        besprechung.abgesagt_am = timezone.now()
        besprechung.sequenz += 1
        besprechung.save(update_fields=["abgesagt_am", "sequenz"])
        audit_log(
            aktion=Aktion.ANALYSE_FALLBESPRECHUNG_ABGESAGT,
            actor=by,
            objekt=vorgang,
            fallbesprechung=besprechung.pk,
            sequenz=besprechung.sequenz,
        )
        _notify(
            vorgang=vorgang,
            empfaenger=list(besprechung.einladungen.values_list("person_id", flat=True)),
            ausser=by,
            key=f"fallbesprechung_abgesagt:{besprechung.pk}",
            art="fallbesprechung",
            titel=_("Fallbesprechung %(az)s am %(am)s abgesagt")
            % {
                "az": vorgang.aktenzeichen,
                "am": timezone.localtime(besprechung.beginn).strftime("%d.%m.%Y %H:%M"),
            },
        )
        _send_invitations_on_commit(besprechung.pk, "absage")
    return besprechung


def _send_invitations_on_commit(besprechung_id: int, anlass: str) -> None:
    from .tasks import send_invitations

    transaction.on_commit(lambda: send_invitations.delay(besprechung_id, anlass))


def einladung_beantworten(*, einladung: Einladung, by, antwort: str) -> Einladung:
    """Accept or decline an invitation (the invited person only)."""
    if not access.can_answer_invitation(by, einladung):
        raise ValidationError(_("Diese Einladung gilt nicht Ihnen."), code="nicht_eingeladen")
    if antwort not in (Einladung.Antwort.ZUGESAGT, Einladung.Antwort.ABGESAGT):
        raise ValidationError(_("Bitte sagen Sie zu oder ab."), code="antwort")
    _require_open(einladung.fallbesprechung.vorgang)
    _require_termin_offen(einladung.fallbesprechung)
    with transaction.atomic():
        einladung.antwort = antwort
        einladung.beantwortet_am = timezone.now()
        einladung.save(update_fields=["antwort", "beantwortet_am"])
        audit_log(
            aktion=Aktion.ANALYSE_EINLADUNG_BEANTWORTET,
            actor=by,
            objekt=einladung.fallbesprechung.vorgang,
            antwort=antwort,
        )
    return einladung


def protokoll_freigeben(*, besprechung: Fallbesprechung, by, protokoll: str) -> Fallbesprechung:
    """The lead writes and releases the minutes; the invited people are told."""
    vorgang = besprechung.vorgang
    _require_manager(by, vorgang)
    _require_open(vorgang)
    _require_termin_offen(besprechung)
    if besprechung.protokoll_freigegeben_am:
        raise ValidationError(_("Das Protokoll ist bereits freigegeben."), code="freigegeben")
    protokoll = _text(protokoll, 20000, _("Bitte geben Sie das Protokoll ein."))
    with transaction.atomic():
        besprechung.protokoll = protokoll
        besprechung.protokoll_freigegeben_am = timezone.now()
        besprechung.save(update_fields=["protokoll", "protokoll_freigegeben_am"])
        audit_log(aktion=Aktion.ANALYSE_PROTOKOLL_FREIGEGEBEN, actor=by, objekt=vorgang)
        _notify(
            vorgang=vorgang,
            empfaenger=list(besprechung.einladungen.values_list("person_id", flat=True)),
            ausser=by,
            key=f"protokoll:{besprechung.pk}",
            art="protokoll",
            titel=_("Protokoll der Fallbesprechung freigegeben: %(az)s") % {"az": vorgang.aktenzeichen},
        )
    return besprechung


def aufgabe_anlegen(*, besprechung: Fallbesprechung, by, was: str, behoerde, frist) -> Aufgabe:
    """A follow-up task for a participating authority."""
    vorgang = besprechung.vorgang
    _require_manager(by, vorgang)
    _require_open(vorgang)
    _require_termin_offen(besprechung)
    was = _one_line(was, 500, _("Bitte beschreiben Sie die Aufgabe."))
    if (
        behoerde is None
        or not Beteiligung.objects.active().filter(vorgang=vorgang, behoerde=behoerde).exists()
    ):
        raise ValidationError(
            _("Aufgaben können nur beteiligten Behörden zugewiesen werden."), code="behoerde_fremd"
        )
    if not frist or frist < _today():
        raise ValidationError(
            _("Die Frist der Aufgabe darf nicht in der Vergangenheit liegen."), code="frist"
        )
    with transaction.atomic():
        aufgabe = Aufgabe.objects.create(fallbesprechung=besprechung, was=was, behoerde=behoerde, frist=frist)
        audit_log(
            aktion=Aktion.ANALYSE_AUFGABE_ANGELEGT,
            actor=by,
            objekt=vorgang,
            behoerde=behoerde,
            frist=frist.isoformat(),
        )
        _notify(
            vorgang=vorgang,
            empfaenger=_named_people(vorgang, [behoerde.pk]),
            ausser=by,
            key=f"aufgabe:{aufgabe.pk}",
            art="aufgabe",
            titel=_("Neue Aufgabe aus der Fallbesprechung %(az)s bis %(frist)s")
            % {"az": vorgang.aktenzeichen, "frist": frist.strftime("%d.%m.%Y")},
        )
    return aufgabe


def aufgabe_status_setzen(*, aufgabe: Aufgabe, by, status: str) -> Aufgabe:
    """The responsible authority (or the Geschäftsstelle) updates a task's status."""
    vorgang = aufgabe.fallbesprechung.vorgang
    _require_open(vorgang)
    if not access.can_update_task(by, aufgabe):
        raise ValidationError(
            _("Diese Aufgabe ist einer anderen Behörde zugewiesen."), code="nicht_zustaendig"
        )
    if status not in Aufgabe.Status.values:
        raise ValidationError(_("Bitte wählen Sie einen gültigen Status."), code="status")
    with transaction.atomic():
        aufgabe.status = status
        aufgabe.save(update_fields=["status", "geaendert_am"])
        audit_log(
            aktion=Aktion.ANALYSE_AUFGABE_GEAENDERT,
            actor=by,
            objekt=vorgang,
            behoerde=aufgabe.behoerde_id,
            aufgabe=aufgabe.pk,
            status=status,
        )
        if status == Aufgabe.Status.ERLEDIGT:
            _notify(
                vorgang=vorgang,
                empfaenger=[vorgang.fallfuehrung_id],
                ausser=by,
                key=f"aufgabe_erledigt:{aufgabe.pk}",
                art="aufgabe_erledigt",
                titel=_("Aufgabe erledigt in %(az)s") % {"az": vorgang.aktenzeichen},
            )
    return aufgabe


# --- Closing, deletion ------------------------------------------------------------------------


def vorgang_abschliessen(*, vorgang, by) -> Analysevorgang:
    """Close the case (Geschäftsstelle); the content is deleted at the deletion date."""
    _require_manager(by, vorgang)
    _require_open(vorgang)
    with transaction.atomic():
        vorgang.status = Analysevorgang.Status.ABGESCHLOSSEN
        vorgang.abgeschlossen_am = timezone.now()
        vorgang.save(update_fields=["status", "abgeschlossen_am"])
        audit_log(aktion=Aktion.ANALYSE_ABGESCHLOSSEN, actor=by, objekt=vorgang)
    return vorgang


def loeschfrist_verlaengern(*, vorgang, by, loeschfrist, grund: str) -> Analysevorgang:
    """Extend the deletion date once, with a reason (audited)."""
    _require_manager(by, vorgang)
    if vorgang.inhalte_geloescht_am:
        raise ValidationError(_("Die Inhalte dieses Vorgangs sind gelöscht."), code="geloescht")
    if vorgang.loeschfrist_verlaengert_am:
        raise ValidationError(_("Die Löschfrist wurde bereits einmal verlängert."), code="schon_verlaengert")
    grund = _one_line(grund, 300, _("Bitte geben Sie einen Grund für die Verlängerung an."))
    check_loeschfrist(loeschfrist)
    if loeschfrist <= vorgang.loeschfrist:
        raise ValidationError(_("Die neue Löschfrist muss nach der bisherigen liegen."), code="nicht_spaeter")
    with transaction.atomic():
        alt = vorgang.loeschfrist
        vorgang.loeschfrist = loeschfrist
        vorgang.loeschfrist_verlaengert_am = timezone.now()
        vorgang.loeschfrist_verlaengerung_grund = grund
        vorgang.save(
            update_fields=["loeschfrist", "loeschfrist_verlaengert_am", "loeschfrist_verlaengerung_grund"]
        )
        audit_log(
            aktion=Aktion.ANALYSE_LOESCHFRIST_VERLAENGERT,
            actor=by,
            objekt=vorgang,
            von=alt.isoformat(),
            bis=loeschfrist.isoformat(),
            grund=grund,
        )
    return vorgang


def loeschfristen_anwenden(*, today=None) -> dict:
    """Daily: remind the lead 30 days before the deletion date; at the date, delete the content of closed
    cases (contributions, files, report, minutes) and keep reference number, dates, authorities, audit."""
    today = today or _today()
    reminded = 0
    for vorgang in Analysevorgang.objects.filter(
        inhalte_geloescht_am__isnull=True,
        loeschfrist_erinnert_am__isnull=True,
        loeschfrist__lte=today + datetime.timedelta(days=LOESCHFRIST_ERINNERUNG_TAGE),
        loeschfrist__gt=today,
    ):
        _notify(
            vorgang=vorgang,
            empfaenger=[vorgang.fallfuehrung_id],
            key=f"loeschfrist:{vorgang.pk}:{vorgang.loeschfrist.isoformat()}",
            art="loeschfrist",
            titel=_(
                "Löschfrist der Analyse %(az)s am %(datum)s – jetzt einmalig verlängern oder löschen lassen"
            )
            % {"az": vorgang.aktenzeichen, "datum": vorgang.loeschfrist.strftime("%d.%m.%Y")},
        )
        Analysevorgang.objects.filter(pk=vorgang.pk).update(loeschfrist_erinnert_am=timezone.now())
        search_cache.changed()
        reminded += 1
    deleted = 0
    for vorgang in Analysevorgang.objects.filter(
        inhalte_geloescht_am__isnull=True,
        status=Analysevorgang.Status.ABGESCHLOSSEN,
        loeschfrist__lte=today,
    ):
        inhalte_loeschen(vorgang=vorgang)
        deleted += 1
    return {"erinnert": reminded, "geloescht": deleted}


def inhalte_loeschen(*, vorgang: Analysevorgang) -> None:
    """Delete a case's content and files; keep reference number, dates, authorities and the audit trail."""

    with transaction.atomic():
        datei_ids = set(
            BeitragDatei.objects.filter(beitrag__anforderung__vorgang=vorgang).values_list(
                "datei_id", flat=True
            )
        )
        bericht = Auswertebericht.objects.filter(vorgang=vorgang).first()
        if bericht is not None and bericht.pdf_id:
            datei_ids.add(bericht.pdf_id)
        counts = {
            "beitraege": AnalyseBeitrag.objects.filter(anforderung__vorgang=vorgang).count(),
            "dateien": len(datei_ids),
            "bericht": bericht is not None,
            "protokolle": vorgang.fallbesprechungen.exclude(protokoll="").count(),
        }
        AnalyseBeitrag.objects.filter(anforderung__vorgang=vorgang).delete()  # files' links cascade
        if bericht is not None:
            bericht.delete()
        vorgang.fallbesprechungen.update(protokoll="", tagesordnung="", video_link="", ort="")
        Aufgabe.objects.filter(fallbesprechung__vorgang=vorgang).update(was="(gelöscht)")
        for datei in Datei.objects.filter(pk__in=datei_ids):
            datei.datei.delete(save=False)
            datei.delete()
        Analysevorgang.objects.filter(pk=vorgang.pk).update(
            betreff="(gelöscht)", zweck="", inhalte_geloescht_am=timezone.now()
        )
        search_cache.changed()
        audit_log(aktion=Aktion.ANALYSE_INHALTE_GELOESCHT, objekt=vorgang, **counts)


def aufgaben_ueberfaellig_melden(*, today=None) -> int:
    """Daily: tell the case lead once about each overdue open task."""
    today = today or _today()
    overdue = (
        Aufgabe.objects.filter(
            frist__lt=today,
            ueberfaellig_gemeldet_am__isnull=True,
            fallbesprechung__vorgang__inhalte_geloescht_am__isnull=True,
        )
        .exclude(status=Aufgabe.Status.ERLEDIGT)
        .select_related("fallbesprechung__vorgang", "behoerde")
    )
    count = 0
    for aufgabe in overdue:
        vorgang = aufgabe.fallbesprechung.vorgang
        _notify(
            vorgang=vorgang,
            empfaenger=[vorgang.fallfuehrung_id],
            key=f"aufgabe_ueberfaellig:{aufgabe.pk}",
            art="aufgabe_ueberfaellig",
            titel=_("Aufgabe überfällig in %(az)s (%(behoerde)s, fällig am %(frist)s)")
            % {
                "az": vorgang.aktenzeichen,
                "behoerde": aufgabe.behoerde.kurzname or aufgabe.behoerde.name,
                "frist": aufgabe.frist.strftime("%d.%m.%Y"),
            },
        )
        Aufgabe.objects.filter(pk=aufgabe.pk).update(ueberfaellig_gemeldet_am=timezone.now())
        search_cache.changed()
        count += 1
    return count
