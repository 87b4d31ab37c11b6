"""Spreadsheet templates per campaign (XLSX and CSV) and reading filled-in files back.

The file type is checked by content with `dateien.validation` (XLSX or CSV only, matching extension,
virus scan when clamd is configured); structure checks (columns, campaign id, row limit) are done here.
"""

import csv
import io
import zipfile

from django.utils.translation import gettext as _

from dateien.clamav import scan_bytes
from dateien.validation import validate_upload
from portal.exports import SafeCsvWriter, safe_cell, unsafe_cell, xlsx_append

from .parsing import input_value

COLUMNS = ["Indikator-Schlüssel", "Indikator", "Einheit", "Wert", "Hinweis"]
MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024
META_SHEET = "Metadaten"
CSV_META = "Erhebung-ID"
# Upload-check refusals whose own message is more precise than "not a valid XLSX file".
PASS_THROUGH_CODES = {
    "virus",
    "virenscan_nicht_erreichbar",
    "zu_gross",
    "programm",
    "leer",
    "makros",
    "endung_passt_nicht",
}


class ImportFehler(Exception):
    """The file cannot be read as a template of this campaign; `messages` are German."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def _rows(erhebung, meldung=None):
    werte = {}
    if meldung is not None:
        werte = {w.indikator_version_id: w for w in meldung.werte.all()}
    for version in erhebung.indikatoren.select_related("indikator").order_by(
        "indikator__fachgebiet__reihenfolge", "indikator__reihenfolge", "indikator__schluessel"
    ):
        hint = version.hilfetext
        if version.typ == "auswahl":
            hint = (hint + " " if hint else "") + _("Mögliche Antworten: %s") % ", ".join(version.auswahl)
        elif version.typ == "ja_nein":
            hint = (hint + " " if hint else "") + _("Antwort: ja oder nein")
        wert = werte.get(version.pk)
        yield [
            version.indikator.schluessel,
            version.name,
            version.einheit_anzeige,
            input_value(version, wert.zahl, wert.text) if wert else "",
            hint,
        ]


def template_xlsx(erhebung, meldung=None) -> bytes:
    """Return the XLSX template; the campaign id is kept on a hidden sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, Protection

    wb = Workbook()
    ws = wb.active
    ws.title = "Meldung"
    xlsx_append(ws, COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in _rows(erhebung, meldung):
        xlsx_append(ws, row)
    for letter, width in zip("ABCDE", (30, 50, 10, 16, 60), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in row:
            cell.protection = Protection(locked=False)
    meta = wb.create_sheet(META_SHEET)
    meta["A1"], meta["B1"] = "erhebung_id", erhebung.pk
    meta["A2"], meta["B2"] = "titel", safe_cell(erhebung.titel)
    meta.sheet_state = "hidden"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def template_csv(erhebung, meldung=None) -> str:
    """Return the CSV template (semicolon-separated, as German Excel expects); line 1 names the campaign."""
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow([CSV_META, erhebung.pk, erhebung.titel])
    writer.writerow(COLUMNS)
    for row in _rows(erhebung, meldung):
        writer.writerow(row)
    return "\ufeff" + buffer.getvalue()


def _check_header(header, errors):
    cleaned = [str(c or "").strip() for c in (header or [])][: len(COLUMNS)]
    if cleaned[:4] != COLUMNS[:4]:
        errors.append(
            _("Die Spalten passen nicht zur Vorlage. Erwartet: %(soll)s; gefunden: %(ist)s.")
            % {"soll": ", ".join(COLUMNS), "ist": ", ".join(c for c in cleaned if c) or _("keine")}
        )
        raise ImportFehler(errors)


def _check_campaign(found, erhebung):
    if str(found).strip() != str(erhebung.pk):
        raise ImportFehler(
            [
                _(
                    "Diese Datei gehört zu einer anderen Erhebung (Kennung %(ist)s). Bitte laden Sie die Vorlage "
                    "dieser Erhebung (Kennung %(soll)s) herunter."
                )
                % {"ist": str(found)[:20] or "–", "soll": erhebung.pk}
            ]
        )


def _too_many():
    return ImportFehler(
        [_("Die Datei hat mehr als %(max)d Zeilen und wurde nicht eingelesen.") % {"max": MAX_ROWS}]
    )


def read_upload(erhebung, upload) -> list[tuple[int, str, object]]:
    """Return (row number, key, raw value) rows of a filled-in template; raise ImportFehler otherwise."""
    from django.core.exceptions import ValidationError

    if upload.size > MAX_BYTES:
        raise ImportFehler([_("Die Datei ist größer als 2 MB und wurde nicht eingelesen.")])

    head = upload.read(4096)
    upload.seek(0)
    try:
        if head.startswith(b"PK\x03\x04"):
            validate_upload(upload, allowed=frozenset({"xlsx"}))
            upload.seek(0)
            return _read_xlsx(erhebung, upload)
        # German Excel writes CSV in Windows-1252, which the general upload check does not accept as text.
        if b"\x00" in head or not (upload.name or "").lower().endswith((".csv", ".txt")):
            raise ImportFehler([_("Die Datei ist weder eine XLSX- noch eine CSV-Datei.")])
        scan_bytes(upload.read())
        upload.seek(0)
        return _read_csv(erhebung, upload)
    except ValidationError as exc:
        if exc.code in PASS_THROUGH_CODES:
            raise ImportFehler(exc.messages) from None
        raise ImportFehler([_("Die Datei ist keine gültige XLSX-Datei.")]) from None


def _read_xlsx(erhebung, upload):
    from openpyxl import load_workbook

    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFehler([_("Die Datei ist keine gültige XLSX-Datei.")]) from None
    try:
        if META_SHEET not in wb.sheetnames:
            raise ImportFehler(
                [
                    _(
                        "In der Datei fehlt die Kennung der Erhebung. Bitte verwenden Sie die Vorlage aus dem Portal."
                    )
                ]
            )
        meta = {
            str(r[0]): r[1]
            for r in wb[META_SHEET].iter_rows(min_row=1, max_row=5, max_col=2, values_only=True)
            if r and r[0]
        }
        _check_campaign(meta.get("erhebung_id", ""), erhebung)
        ws = wb[wb.sheetnames[0]]
        if ws.max_row and ws.max_row > MAX_ROWS + 1:  # the dimension tag lets us refuse before reading
            raise _too_many()
        rows_iter = ws.iter_rows(values_only=True)
        _check_header(next(rows_iter, None), [])
        rows = []
        for number, row in enumerate(rows_iter, start=2):
            if number > MAX_ROWS + 1:
                raise _too_many()
            row = list(row) + [None] * 5
            if all(v is None or str(v).strip() == "" for v in row[:5]):
                continue
            rows.append((number, str(row[0] or ""), unsafe_cell(row[3])))
        return rows
    finally:
        wb.close()


def _read_csv(erhebung, upload):
    raw = upload.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    lines = text.splitlines()
    if len(lines) > MAX_ROWS + 2:
        raise _too_many()
    dialect_delim = ";" if lines and lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(lines, delimiter=dialect_delim)
    first = next(reader, None) or []
    if not first or str(first[0]).strip() != CSV_META:
        raise ImportFehler(
            [
                _(
                    "In der Datei fehlt die Kennung der Erhebung (Zeile 1). Bitte verwenden Sie die Vorlage aus dem Portal."
                )
            ]
        )
    _check_campaign(first[1] if len(first) > 1 else "", erhebung)
    _check_header(next(reader, None), [])
    rows = []
    for number, row in enumerate(reader, start=3):
        row = list(row) + [""] * 5
        if all(not str(v).strip() for v in row[:5]):
            continue
        rows.append((number, row[0], unsafe_cell(row[3])))
    return rows
