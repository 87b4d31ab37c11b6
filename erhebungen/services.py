"""Writes of the Erhebungen: indicator versions, campaigns, submissions, corrections, reminders."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rolle, User
from behoerden.models import Behoerde
from benachrichtigungen.models import Zustellung
from benachrichtigungen.services import benachrichtigen

from . import access
from .models import (
    Erhebung,
    Erinnerung,
    Erkenntnis,
    Indikator,
    IndikatorVersion,
    Meldung,
    MeldungKorrektur,
    Wert,
)
from .parsing import display_value, parse_value

DEFINITION_FIELDS = ("name", "typ", "einheit", "hilfetext", "minimum", "maximum", "auswahl")


class MeldungFehler(Exception):
    """A submission could not be saved; `errors` maps field keys (or row numbers) to German messages."""

    def __init__(self, errors: dict, general: str | None = None):
        super().__init__(general or "; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
        self.general = general


# --- Raster -----------------------------------------------------------------------------------


def indikator_create(
    *, schluessel: str, fachgebiet, by=None, reihenfolge: int = 0, **definition
) -> Indikator:
    """Create an indicator with its first version."""
    with transaction.atomic():
        indikator = Indikator.objects.create(
            schluessel=schluessel, fachgebiet=fachgebiet, reihenfolge=reihenfolge
        )
        IndikatorVersion.objects.create(indikator=indikator, nummer=1, erstellt_von=by, **definition)
    return indikator


def indikator_version_create(*, indikator: Indikator, by=None, **definition) -> IndikatorVersion:
    """Record a changed definition as a new version; submissions keep the version they were made under."""
    current = indikator.aktuelle_version
    if current is not None and all(
        getattr(current, name) == definition.get(name, getattr(current, name)) for name in DEFINITION_FIELDS
    ):
        return current
    values = {name: getattr(current, name) for name in DEFINITION_FIELDS} if current else {}
    values.update({k: v for k, v in definition.items() if k in DEFINITION_FIELDS})
    with transaction.atomic():
        nummer = (current.nummer if current else 0) + 1
        return IndikatorVersion.objects.create(indikator=indikator, nummer=nummer, erstellt_von=by, **values)


# --- Erhebung ---------------------------------------------------------------------------------


def standard_behoerden():
    """The authorities asked by default: the 53 Kommunen (Gemeinden) and the 12 Kreispolizeibehörden."""
    from django.db.models import Q

    return Behoerde.objects.aktiv().filter(
        Q(art=Behoerde.Art.KOMMUNE, gemeinde__isnull=False) | Q(art=Behoerde.Art.POLIZEI, kreis__isnull=False)
    )


def erhebung_create(
    *,
    titel: str,
    zeitraum_von: date,
    zeitraum_bis: date,
    frist: date,
    indikatoren,
    behoerden=None,
    status: str = Erhebung.Status.ENTWURF,
    erinnerung_tage: int = 7,
    hinweis: str = "",
) -> Erhebung:
    """Create a campaign asking the current version of each given indicator."""
    if zeitraum_bis < zeitraum_von:
        raise ValidationError(_("Das Ende des Zeitraums liegt vor dem Beginn."))
    with transaction.atomic():
        erhebung = Erhebung.objects.create(
            titel=titel,
            zeitraum_von=zeitraum_von,
            zeitraum_bis=zeitraum_bis,
            frist=frist,
            status=status,
            erinnerung_tage=erinnerung_tage,
            hinweis=hinweis,
        )
        versionen = []
        for item in indikatoren:
            versionen.append(item if isinstance(item, IndikatorVersion) else item.aktuelle_version)
        erhebung.indikatoren.set([v for v in versionen if v is not None])
        erhebung.behoerden.set(standard_behoerden() if behoerden is None else behoerden)
    return erhebung


def erhebung_set_status(*, erhebung: Erhebung, status: str) -> Erhebung:
    erhebung.status = status
    erhebung.save(update_fields=["status"])
    return erhebung


# --- Meldung ----------------------------------------------------------------------------------


def meldung_get_or_create(*, erhebung: Erhebung, behoerde) -> Meldung:
    """Return the authority's submission for the campaign, creating the empty draft once."""
    meldung = Meldung.objects.filter(erhebung=erhebung, behoerde=behoerde).first()
    if meldung is not None:
        return meldung
    try:
        with transaction.atomic():
            return Meldung.objects.create(erhebung=erhebung, behoerde=behoerde)
    except IntegrityError:  # a colleague created it at the same moment
        return Meldung.objects.get(erhebung=erhebung, behoerde=behoerde)


@dataclass
class ParsedMeldung:
    werte: dict[int, tuple[Decimal | None, str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _parse_all(versionen, raw_werte: dict, *, require_all: bool, labels: dict | None = None) -> ParsedMeldung:
    parsed = ParsedMeldung()
    for version in versionen:
        key = labels.get(version.pk) if labels else f"wert_{version.pk}"
        if version.pk not in raw_werte:
            continue
        try:
            parsed.werte[version.pk] = parse_value(version, raw_werte[version.pk])
        except ValidationError as exc:
            parsed.errors[key] = " ".join(exc.messages)
            continue
    if require_all:
        for version in versionen:
            key = labels.get(version.pk) if labels else f"wert_{version.pk}"
            if key in parsed.errors or version.typ == "freitext":
                continue
            zahl, text = parsed.werte.get(version.pk, (None, ""))
            if zahl is None and not text:
                parsed.errors[key] = _("Bitte geben Sie einen Wert an (0, wenn nichts vorlag).")
    return parsed


def meldung_save(
    *, meldung: Meldung, by, werte: dict, erkenntnisse: dict | None = None, submit: bool = False, labels=None
) -> Meldung:
    """Save values (raw input by indicator-version id) and findings; optionally submit. All or nothing.

    Raises MeldungFehler with German messages per field; nothing is saved then.
    """
    with transaction.atomic():
        meldung = Meldung.objects.select_for_update().select_related("erhebung").get(pk=meldung.pk)
        refusal = access.edit_refusal(by, meldung)
        if refusal:
            raise MeldungFehler({}, general=refusal)
        versionen = list(meldung.erhebung.indikatoren.all())
        existing = {w.indikator_version_id: w for w in meldung.werte.all()}
        merged_raw = dict(werte)
        parsed = _parse_all(versionen, merged_raw, require_all=False, labels=labels)
        if parsed.errors:
            raise MeldungFehler(
                parsed.errors,
                general=_("Die Meldung wurde nicht gespeichert. Bitte prüfen Sie die markierten Felder."),
            )
        if submit:
            final = {vid: (w.zahl, w.text) for vid, w in existing.items()}
            final.update(parsed.werte)
            missing = {}
            for version in versionen:
                if version.typ == "freitext":
                    continue
                zahl, text = final.get(version.pk, (None, ""))
                if zahl is None and not text:
                    key = labels.get(version.pk) if labels else f"wert_{version.pk}"
                    missing[key] = _("Bitte geben Sie einen Wert an (0, wenn nichts vorlag).")
            if missing:
                raise MeldungFehler(
                    missing, general=_("Die Meldung wurde nicht eingereicht: Es fehlen noch Angaben.")
                )
        for version_id, (zahl, text) in parsed.werte.items():
            wert = existing.get(version_id)
            if zahl is None and not text:
                if wert is not None:
                    wert.delete()
                continue
            if wert is None:
                Wert.objects.create(meldung=meldung, indikator_version_id=version_id, zahl=zahl, text=text)
            elif wert.zahl != zahl or wert.text != text:
                wert.zahl, wert.text = zahl, text
                wert.save(update_fields=["zahl", "text"])
        if erkenntnisse:
            for fachgebiet_id, text in erkenntnisse.items():
                Erkenntnis.objects.update_or_create(
                    meldung=meldung,
                    fachgebiet_id=fachgebiet_id,
                    defaults={"text": (text or "").strip()[:10000]},
                )
        meldung.aktualisiert_von = by
        if submit:
            meldung.status = Meldung.Status.EINGEREICHT
            meldung.eingereicht_am = timezone.now()
            meldung.eingereicht_von = by
            MeldungKorrektur.objects.create(meldung=meldung, art=MeldungKorrektur.Art.EINGEREICHT, von=by)
        meldung.save()
    return meldung


def meldung_reopen(*, meldung: Meldung, by, grund: str) -> Meldung:
    """Let the authority edit and submit again, also after the deadline (Geschäftsstelle only)."""
    if not access.can_manage(by):
        raise MeldungFehler({}, general=_("Nur die Geschäftsstelle kann Meldungen wieder öffnen."))
    if not grund.strip():
        raise MeldungFehler({"grund": _("Bitte geben Sie einen Grund an.")})
    with transaction.atomic():
        meldung.status = Meldung.Status.ENTWURF
        meldung.wiedereroeffnet = True
        meldung.save(update_fields=["status", "wiedereroeffnet", "aktualisiert_am"])
        MeldungKorrektur.objects.create(
            meldung=meldung, art=MeldungKorrektur.Art.WIEDEREROEFFNET, grund=grund.strip(), von=by
        )
    return meldung


def meldung_correct(
    *, meldung: Meldung, indikator_version: IndikatorVersion, raw, grund: str, by
) -> MeldungKorrektur:
    """Change one value of a submitted report (Geschäftsstelle), keeping old and new value and the reason."""
    if not access.can_manage(by):
        raise MeldungFehler({}, general=_("Nur die Geschäftsstelle kann eingereichte Meldungen korrigieren."))
    errors = {}
    if not grund or not grund.strip():
        errors["grund"] = _("Bitte begründen Sie die Korrektur.")
    if not meldung.erhebung.indikatoren.filter(pk=indikator_version.pk).exists():
        errors["indikator"] = _("Dieser Indikator gehört nicht zu der Erhebung.")
    try:
        zahl, text = parse_value(indikator_version, raw)
    except ValidationError as exc:
        errors["wert"] = " ".join(exc.messages)
    if errors:
        raise MeldungFehler(errors, general=_("Die Korrektur wurde nicht gespeichert."))
    with transaction.atomic():
        wert = (
            Wert.objects.select_for_update()
            .filter(meldung=meldung, indikator_version=indikator_version)
            .first()
        )
        alt = display_value(indikator_version, wert.zahl, wert.text) if wert else ""
        if zahl is None and not text:
            if wert:
                wert.delete()
        elif wert is None:
            Wert.objects.create(meldung=meldung, indikator_version=indikator_version, zahl=zahl, text=text)
        else:
            wert.zahl, wert.text = zahl, text
            wert.save(update_fields=["zahl", "text"])
        return MeldungKorrektur.objects.create(
            meldung=meldung,
            art=MeldungKorrektur.Art.KORREKTUR,
            feld=f"{indikator_version.indikator.schluessel}: {indikator_version.name}"[:200],
            alter_wert=alt,
            neuer_wert=display_value(indikator_version, zahl, text),
            grund=grund.strip(),
            von=by,
        )


def _import_rows(meldung: Meldung, rows) -> tuple[dict, dict[int, str], dict]:
    """Map (row number, key, raw) rows to raw values per indicator version; row-wise German errors."""
    versionen = {v.indikator.schluessel: v for v in meldung.erhebung.indikatoren.select_related("indikator")}
    errors: dict[str, str] = {}
    werte: dict[int, object] = {}
    labels: dict[int, str] = {}
    seen: dict[str, int] = {}
    for row_no, schluessel, raw in rows:
        schluessel = (schluessel or "").strip()
        version = versionen.get(schluessel)
        if version is None:
            errors[_("Zeile %(n)d") % {"n": row_no}] = _(
                "Unbekannter Indikator-Schlüssel „%(s)s“ – er gehört nicht zu dieser Erhebung."
            ) % {"s": schluessel[:60]}
            continue
        if schluessel in seen:
            errors[_("Zeile %(n)d") % {"n": row_no}] = _(
                "Der Indikator „%(s)s“ steht schon in Zeile %(m)d."
            ) % {"s": schluessel, "m": seen[schluessel]}
            continue
        seen[schluessel] = row_no
        werte[version.pk] = raw
        labels[version.pk] = _("Zeile %(n)d (%(name)s)") % {"n": row_no, "name": version.name}
    if errors:
        raise MeldungFehler(
            errors, general=_("Die Datei wurde nicht übernommen. Bitte korrigieren Sie die Zeilen.")
        )
    for version in versionen.values():
        labels.setdefault(version.pk, version.name)
    return werte, labels, versionen


def _is_empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


@dataclass(frozen=True)
class ImportAenderung:
    """What importing a file would do to one value of the draft."""

    class Art:
        NEU = "neu"
        GEAENDERT = "geaendert"
        UNVERAENDERT = "unveraendert"
        # An empty cell over a value in the draft: kept, unless "leere Zellen löschen vorhandene Werte".
        LEER = "leer"

    indikator: str
    bisher: str
    neu: str
    art: str


def meldung_import_preview(*, meldung: Meldung, by, rows) -> list[ImportAenderung]:
    """Return what importing these rows would change in the draft, saving nothing.

    Raises MeldungFehler (row-wise German messages) for the same files `meldung_import` refuses."""
    refusal = access.edit_refusal(by, meldung)
    if refusal:
        raise MeldungFehler({}, general=refusal)
    werte, labels, versionen = _import_rows(meldung, rows)
    ordered = [v for v in versionen.values() if v.pk in werte]
    parsed = _parse_all(ordered, werte, require_all=False, labels=labels)
    if parsed.errors:
        raise MeldungFehler(
            parsed.errors, general=_("Die Datei wurde nicht übernommen. Bitte korrigieren Sie die Zeilen.")
        )
    existing = {w.indikator_version_id: w for w in meldung.werte.all()}
    changes = []
    for version in ordered:
        zahl, text = parsed.werte[version.pk]
        wert = existing.get(version.pk)
        bisher = display_value(version, wert.zahl, wert.text) if wert else ""
        neu = display_value(version, zahl, text)
        if zahl is None and not text:
            if wert is None:
                continue
            art = ImportAenderung.Art.LEER
        elif wert is None:
            art = ImportAenderung.Art.NEU
        elif (wert.zahl, wert.text) != (zahl, text):
            art = ImportAenderung.Art.GEAENDERT
        else:
            art = ImportAenderung.Art.UNVERAENDERT
        changes.append(ImportAenderung(indikator=version.name, bisher=bisher, neu=neu, art=art))
    return changes


def meldung_import(
    *,
    meldung: Meldung,
    by,
    rows: list[tuple[int, str, object]],
    submit: bool = False,
    leere_zellen_loeschen: bool = False,
) -> Meldung:
    """Import (row number, indicator key, raw value) rows; row-wise German errors, all or nothing.

    An empty cell leaves the value already in the shared draft alone, unless `leere_zellen_loeschen`."""
    werte, labels, _versionen = _import_rows(meldung, rows)
    if not leere_zellen_loeschen:
        werte = {pk: raw for pk, raw in werte.items() if not _is_empty(raw)}
    try:
        return meldung_save(meldung=meldung, by=by, werte=werte, submit=submit, labels=labels)
    except MeldungFehler as exc:
        raise MeldungFehler(
            exc.errors, general=exc.general or _("Die Datei wurde nicht übernommen.")
        ) from None


# --- Reminders --------------------------------------------------------------------------------


def _reminder_people(behoerde) -> list:
    staff = list(User.objects.filter(behoerde=behoerde, is_active=True))
    ansprechpartner = [u for u in staff if u.rolle == Rolle.ANSPRECHPARTNER]
    return ansprechpartner or staff


def erinnerungen_send(*, today: date | None = None) -> int:
    """Email authorities that have not submitted, N days before the deadline; once per authority and deadline."""
    today = today or timezone.localdate()
    sent = 0
    for erhebung in Erhebung.objects.offen().filter(erinnerung_tage__gt=0, frist__gte=today):
        if erhebung.frist - timedelta(days=erhebung.erinnerung_tage) > today:
            continue
        submitted = Meldung.objects.filter(erhebung=erhebung, status=Meldung.Status.EINGEREICHT).values(
            "behoerde_id"
        )
        already = Erinnerung.objects.filter(erhebung=erhebung, frist=erhebung.frist).values("behoerde_id")
        pending = erhebung.behoerden.exclude(pk__in=submitted).exclude(pk__in=already)
        for behoerde in pending:
            people = _reminder_people(behoerde)
            recipients = [u.email for u in people]
            try:
                with transaction.atomic():
                    # Claim first: the unique constraint keeps a concurrent run from sending twice.
                    erinnerung = Erinnerung.objects.create(
                        erhebung=erhebung, behoerde=behoerde, frist=erhebung.frist, empfaenger=recipients
                    )
            except IntegrityError:
                continue
            if not recipients:
                continue
            link = f"{settings.PORTAL_BASE_URL}/erhebungen/{erhebung.pk}/meldung/"
            send_mail(
                subject=_("[SiKo Ruhr] Erinnerung: Meldung zur Erhebung „%(t)s“ bis %(f)s")
                % {"t": erhebung.titel, "f": erhebung.frist.strftime("%d.%m.%Y")},
                message=_(
                    "Guten Tag,\n\ndie Meldung Ihrer Behörde (%(b)s) zur Erhebung „%(t)s“ liegt noch nicht vor. "
                    "Die Meldefrist endet am %(f)s.\n\nBitte melden Sie im Portal: %(link)s\n\n"
                    "Mit freundlichen Grüßen\nGeschäftsstelle der Sicherheitskooperation Ruhr"
                )
                % {
                    "b": behoerde.name,
                    "t": erhebung.titel,
                    "f": erhebung.frist.strftime("%d.%m.%Y"),
                    "link": link,
                },
                from_email=None,
                recipient_list=recipients,
            )
            sent += 1
            # The reminder email above stays as it is; the notification centre lists it as well (no second
            # email: delivery "only in the portal").
            benachrichtigen(
                empfaenger=people,
                ereignis_schluessel=f"erhebung.erinnerung:{erinnerung.pk}",
                art="erhebung.erinnerung",
                titel=_("Erinnerung: Meldung zur Erhebung „%(t)s“ bis %(f)s")
                % {"t": erhebung.titel, "f": erhebung.frist.strftime("%d.%m.%Y")},
                link=f"/erhebungen/{erhebung.pk}/meldung/",
                zustellung=Zustellung.NUR_PORTAL,
            )
    return sent
