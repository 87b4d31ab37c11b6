"""Check uploaded files by their content (magic bytes), never by their name alone.

`validate_upload(uploaded_file, allowed=DEFAULT_TYPES)` returns the `DetectedType` or raises a
`ValidationError` with a German message. Dangerous content is refused before anything else:
HTML/SVG (also renamed), executables and scripts, archives, Office macros, PDFs with active content
(found by parsing the PDF with qpdf, see `_check_pdf`). Then the detected type must be allowed and match the file's extension.
"""

import io
import re
import struct
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from xml.etree import ElementTree

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .clamav import scan_bytes


@dataclass(frozen=True)
class DetectedType:
    """A file type recognised from content: key, label, MIME type and the extensions that fit it."""

    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = DetectedType("pdf", "PDF", "application/pdf", (".pdf",))
DOCX = DetectedType(
    "docx",
    "Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = DetectedType(
    "xlsx",
    "Excel (XLSX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
PPTX = DetectedType(
    "pptx",
    "PowerPoint (PPTX)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
ODT = DetectedType("odt", "OpenDocument-Text (ODT)", "application/vnd.oasis.opendocument.text", (".odt",))
ODS = DetectedType(
    "ods", "OpenDocument-Tabelle (ODS)", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)
)
CSV = DetectedType("csv", "CSV", "text/csv", (".csv",))
TXT = DetectedType("txt", "Text", "text/plain", (".txt",))
PNG = DetectedType("png", "PNG-Bild", "image/png", (".png",))
JPEG = DetectedType("jpeg", "JPEG-Bild", "image/jpeg", (".jpg", ".jpeg"))

ALL_TYPES = {t.key: t for t in (PDF, DOCX, XLSX, PPTX, ODT, ODS, CSV, TXT, PNG, JPEG)}
DEFAULT_TYPES = frozenset(ALL_TYPES)
DOCUMENT_TYPES = frozenset({"pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt"})
IMAGE_TYPES = frozenset({"png", "jpeg"})

OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
OOXML_MACRO_MARKERS = ("macroenabled", "vbaproject", "vnd.ms-office.activex")
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": ODT,
    "application/vnd.oasis.opendocument.spreadsheet": ODS,
}

# Decompression limits: a zip that expands beyond this is refused (zip bombs).
MAX_ZIP_ENTRIES = 5000
MAX_EXPANDED_BYTES = 512 * 1024 * 1024
# qpdf decodes object streams in memory: Flate streams are measured (not kept) before it parses the file.
MAX_PDF_EXPANDED_BYTES = 256 * 1024 * 1024
PDF_RAW_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)

EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O fat binary / Java class
    b"#!",
    b"\x00asm",
)
ARCHIVE_MAGIC = (
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"MSCF",  # cab
)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

HTML_MARKERS = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|object|embed|meta|link|form|style|img|a\s|svg)\b"
    rb"|javascript\s*:|<\?xml[^>]*>\s*(?:<!--.*?-->\s*)*<\s*svg",
    re.IGNORECASE | re.DOTALL,
)
SVG_MARKER = re.compile(rb"<\s*svg[\s>]", re.IGNORECASE)
# PDF names that start scripts, programs, form submissions or embedded content, refused as a
# dictionary key or a name value anywhere in the file (the parser has already undone #xx escapes).
PDF_ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/AA",
        "/SubmitForm",
        "/ImportData",
    }
)
ALLOWED_CONTROL = {9, 10, 12, 13}


def _error(message, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def max_upload_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 50 * 1024 * 1024))


def read_upload(uploaded_file) -> bytes:
    """Read the whole upload (bounded by UPLOAD_MAX_BYTES + 1) without trusting its declared size."""
    limit = max_upload_bytes()
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    buffer = io.BytesIO()
    chunks = (
        uploaded_file.chunks()
        if hasattr(uploaded_file, "chunks")
        else iter(lambda: uploaded_file.read(65536), b"")
    )
    for chunk in chunks:
        buffer.write(chunk)
        if buffer.tell() > limit:
            break
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    return buffer.getvalue()


def validate_upload(uploaded_file, *, allowed=DEFAULT_TYPES) -> DetectedType:
    """Return the detected type of an upload, or raise ValidationError with a German reason."""
    declared_size = getattr(uploaded_file, "size", None)
    limit = max_upload_bytes()
    if declared_size is not None and declared_size > limit:
        raise _too_large(limit)
    data = read_upload(uploaded_file)
    return validate_bytes(data, name=getattr(uploaded_file, "name", "") or "", allowed=allowed)


def _too_large(limit: int) -> ValidationError:
    return _error(
        _("Die Datei ist zu groß. Erlaubt sind höchstens %(max)s.") % {"max": filesizeformat(limit)},
        "zu_gross",
    )


def validate_bytes(data: bytes, *, name: str, allowed=DEFAULT_TYPES) -> DetectedType:
    """Validate file content `data` uploaded under `name` (see `validate_upload`)."""
    limit = max_upload_bytes()
    if not data:
        raise _error(_("Die Datei ist leer."), "leer")
    if len(data) > limit:
        raise _too_large(limit)
    detected = type_for_extension(_detect(data), name)
    if detected.key not in allowed:
        labels = ", ".join(sorted(ALL_TYPES[key].label for key in allowed if key in ALL_TYPES))
        raise _error(
            _("Dateien vom Typ %(typ)s sind hier nicht erlaubt. Erlaubt sind: %(erlaubt)s.")
            % {"typ": detected.label, "erlaubt": labels},
            "typ_nicht_erlaubt",
        )
    extension = PurePath(name).suffix.lower()
    if extension not in detected.extensions:
        raise _error(
            _(
                "Der Inhalt der Datei (%(typ)s) passt nicht zur Dateiendung „%(endung)s“. "
                "Bitte laden Sie die Datei mit der richtigen Endung hoch."
            )
            % {"typ": detected.label, "endung": extension or _("keine")},
            "endung_passt_nicht",
        )
    scan_bytes(data)
    return detected


def _detect(data: bytes) -> DetectedType:
    head = data[:512]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(EXECUTABLE_MAGIC):
        raise _error(
            _("Programme und Skripte (z. B. EXE, ELF, Shell-Skripte) dürfen nicht hochgeladen werden."),
            "programm",
        )
    if head.startswith(b"%PDF-"):
        _check_pdf(data)
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        _check_image(data, "PNG")
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        _check_image(data, "JPEG")
        return JPEG
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _check_zip(data)
    if head.startswith(ARCHIVE_MAGIC) or data[257:262] == b"ustar":
        raise _error(
            _(
                "Archive (ZIP, RAR, 7z, gz, tar …) dürfen nicht hochgeladen werden. Bitte laden Sie die Dateien einzeln hoch."
            ),
            "archiv",
        )
    if head.startswith(OLE2_MAGIC):
        raise _error(
            _(
                "Alte Office-Formate (DOC, XLS, PPT) werden nicht angenommen. Bitte speichern Sie als DOCX, XLSX oder PPTX oder als PDF."
            ),
            "ole2",
        )
    if stripped.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        # A PDF with leading junk: readers accept it, so it must pass the same checks; a browser
        # would read junk with markup as a web page (HTML/PDF polyglot).
        if HTML_MARKERS.search(data[: data.find(b"%PDF-")]):
            raise _polyglot_error()
        _check_pdf(data)
        return PDF
    return _check_text(data)


def _polyglot_error() -> ValidationError:
    return _error(
        _(
            "Die Datei enthält neben ihrem eigentlichen Inhalt weitere, angehängte Daten (z. B. ein Archiv "
            "oder eine Webseite) und wird nicht angenommen. Bitte speichern Sie die Datei neu."
        ),
        "polyglott",
    )


def _is_zip_container(data: bytes) -> bool:
    """True if a ZIP reader would open `data` (its end record sits at the end of the file)."""
    try:
        return zipfile.is_zipfile(io.BytesIO(data))
    except (OSError, ValueError):
        return False


def _png_end(data: bytes) -> int | None:
    """Offset after the IEND chunk, walking the chunks by their lengths; None if the structure is broken."""
    position = 8
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunk_type = data[position + 4 : position + 8]
        position += 12 + length
        if chunk_type == b"IEND":
            return position
    return None


def _jpeg_end(data: bytes) -> int | None:
    """Offset after the EOI marker, walking segments and entropy-coded data; None if not found."""
    position, size = 2, len(data)
    while position + 2 <= size:
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            return position + 2
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        if position + 4 > size:
            return None
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
        if marker == 0xDA:  # start of scan: skip entropy-coded data up to the next real marker
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    return None
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    position += 2  # stuffed byte or restart marker: still scan data
                elif following == 0xFF:
                    position += 1
                else:
                    break
    return None


def _check_trailing(data: bytes, end: int | None) -> None:
    # Padding after the image end is harmless; anything else (HTML, ZIP, a program) makes a polyglot.
    if end is not None and data[end:].strip(b"\x00 \t\r\n"):
        raise _polyglot_error()


def _check_image(data: bytes, label: str) -> None:
    from PIL import Image

    if _is_zip_container(data):
        raise _polyglot_error()

    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse such bombs too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
            # verify() checks the structure only; decoding the pixels finds truncated image data,
            # which would otherwise fail later when a rendition is made.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except Exception:
        raise _error(
            _("Die Bilddatei (%(typ)s) ist beschädigt oder kein gültiges Bild.") % {"typ": label},
            "bild_defekt",
        ) from None
    _check_trailing(data, _png_end(data) if label == "PNG" else _jpeg_end(data))


def _pdf_refused() -> ValidationError:
    return _error(
        _(
            "PDF-Dateien mit eingebettetem JavaScript, Startaktionen, Formularaktionen, eingebetteten Dateien "
            "oder Multimedia-Inhalten werden aus Sicherheitsgründen nicht angenommen. "
            "Bitte drucken Sie das Dokument erneut als PDF."
        ),
        "pdf_aktiv",
    )


def _pdf_unreadable() -> ValidationError:
    return _error(
        _(
            "Die PDF-Datei ist beschädigt oder kann nicht sicher geprüft werden und wird nicht angenommen. "
            "Bitte drucken Sie das Dokument erneut als PDF."
        ),
        "pdf_defekt",
    )


def _pdf_direct(value) -> bool:
    # pikepdf hands out numbers and booleans as Python values; they carry no names.
    return isinstance(value, pikepdf.Object) and not value.is_indirect


def _pdf_active(value) -> bool:
    """Return True if the direct object `value` names active content as a key or a name value."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, pikepdf.Name):
            if str(current) in PDF_ACTIVE_NAMES:
                return True
        elif isinstance(current, (pikepdf.Dictionary, pikepdf.Stream)):
            for key, item in current.items():
                if key in PDF_ACTIVE_NAMES:
                    return True
                # Indirect objects are visited on their own (pdf.objects); following them here
                # could loop forever on reference cycles.
                if _pdf_direct(item):
                    stack.append(item)
        elif isinstance(current, pikepdf.Array):
            stack.extend(item for item in current if _pdf_direct(item))
    return False


def _pdf_flate_expands_beyond(data: bytes, limit: int) -> bool:
    """True when the file's Flate streams together inflate to more than `limit` bytes (a PDF bomb).

    Counted in 1 MiB steps and thrown away, so measuring costs no more memory than one step."""
    total = 0
    for match in PDF_RAW_STREAM.finditer(data):
        decompressor, pending = zlib.decompressobj(), match.group(1)
        try:
            while True:
                produced = len(decompressor.decompress(pending, 1 << 20))
                total += produced
                if total > limit:
                    return True
                pending = decompressor.unconsumed_tail
                # Done at the stream's end (bytes after it stay in unconsumed_tail), or when nothing moves.
                if decompressor.eof or not (produced or pending):
                    break
        except zlib.error:
            continue  # not Flate (or not only Flate): qpdf decides below
    return False


def _check_pdf(data: bytes) -> None:
    """Parse the PDF (qpdf) and refuse active content wherever it sits, also inside object streams.

    qpdf resolves cross-reference and object streams and every standard stream filter (ASCIIHex,
    ASCII85, LZW, RunLength, Flate with predictors), and reads `/J#53` as `/JS`. Every object of the
    file is then checked by structure: dictionary keys and name values, never raw bytes. A file whose
    Flate streams inflate beyond MAX_PDF_EXPANDED_BYTES is refused before qpdf decodes anything.
    """
    # A PDF that is also a ZIP archive, or that carries markup after its end, is two files in one.
    end = data.rfind(b"%%EOF")
    if _is_zip_container(data) or (end >= 0 and HTML_MARKERS.search(data[end:])):
        raise _polyglot_error()
    if _pdf_flate_expands_beyond(data, MAX_PDF_EXPANDED_BYTES):
        raise _error(
            _("Die PDF-Datei ist ungewöhnlich stark komprimiert und wird nicht angenommen."), "pdf_bombe"
        )
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise _error(
            _(
                "Passwortgeschützte PDF-Dateien können nicht geprüft werden und werden nicht angenommen. "
                "Bitte laden Sie das Dokument ohne Passwort hoch."
            ),
            "pdf_passwort",
        ) from None
    except (pikepdf.PdfError, ValueError, OSError):
        raise _pdf_unreadable() from None
    with pdf:
        try:
            if _pdf_active(pdf.trailer):
                raise _pdf_refused()
            object_streams = []
            for obj in pdf.objects:
                if _pdf_active(obj):
                    raise _pdf_refused()
                if isinstance(obj, pikepdf.Stream) and obj.get("/Type") == pikepdf.Name.ObjStm:
                    object_streams.append(obj)
            # An object stream that qpdf could not decode turns its objects into null; another
            # reader might recover them, so such a file cannot be vouched for.
            for stream in object_streams:
                stream.read_bytes(decode_level=pikepdf.StreamDecodeLevel.specialized)
        except pikepdf.PdfError:
            raise _pdf_unreadable() from None
        if any("object stream" in warning for warning in pdf.get_warnings()):
            raise _pdf_unreadable()


def _check_zip(data: bytes) -> DetectedType:
    archive_error = _error(
        _(
            "Archive (ZIP, RAR, 7z, gz, tar …) dürfen nicht hochgeladen werden. Bitte laden Sie die Dateien einzeln hoch."
        ),
        "archiv",
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise archive_error from None
    if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_EXPANDED_BYTES:
        raise _error(
            _("Die Datei enthält ungewöhnlich viele oder große Teile und wird nicht angenommen."), "zip_bombe"
        )
    names = {info.filename for info in infos}
    lowered = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") or "vbadata" in n for n in lowered):
        raise _macro_error()
    with archive:
        if "[Content_Types].xml" in names:
            return _check_ooxml(archive)
        if "mimetype" in names:
            return _check_odf(archive, lowered)
    raise archive_error


def _macro_error() -> ValidationError:
    return _error(
        _(
            "Office-Dateien mit Makros (z. B. DOCM, XLSM) werden nicht angenommen. "
            "Bitte speichern Sie das Dokument ohne Makros (DOCX, XLSX, PPTX)."
        ),
        "makros",
    )


def _check_ooxml(archive: zipfile.ZipFile) -> DetectedType:
    try:
        raw = archive.read("[Content_Types].xml")
        root = ElementTree.fromstring(raw)  # noqa: S314 - no DTD/entity expansion in stdlib ElementTree
    except (ElementTree.ParseError, KeyError, zipfile.BadZipFile):
        raise _error(_("Die Office-Datei ist beschädigt."), "office_defekt") from None
    content_types = [(el.get("ContentType") or "").lower() for el in root]
    if any(marker in ct for ct in content_types for marker in OOXML_MACRO_MARKERS):
        raise _macro_error()
    for content_type in content_types:
        if content_type in OOXML_MAIN_TYPES:
            return OOXML_MAIN_TYPES[content_type]
    raise _error(
        _("Die Office-Datei hat keinen erlaubten Hauptteil (erlaubt sind DOCX, XLSX und PPTX)."),
        "office_unbekannt",
    )


def _check_odf(archive: zipfile.ZipFile, lowered: set[str]) -> DetectedType:
    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
    if mimetype not in ODF_TYPES:
        raise _error(
            _("OpenDocument-Dateien vom Typ „%(typ)s“ werden nicht angenommen (erlaubt sind ODT und ODS).")
            % {"typ": mimetype[:80]},
            "odf_unbekannt",
        )
    if any(n.startswith(("basic/", "scripts/")) for n in lowered):
        raise _macro_error()
    return ODF_TYPES[mimetype]


def _check_text(data: bytes) -> DetectedType:
    not_allowed = _error(
        _(
            "Der Dateityp wurde nicht erkannt oder ist nicht erlaubt. Erlaubt sind PDF, DOCX, XLSX, PPTX, "
            "ODT, ODS, CSV, TXT, PNG und JPEG."
        ),
        "unbekannt",
    )
    if b"\x00" in data:
        raise not_allowed
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("latin-1")
        # Latin-1 decodes any byte; binary data shows up as C0/C1 control characters.
        if any(ord(ch) < 32 and ord(ch) not in ALLOWED_CONTROL or 0x7F <= ord(ch) < 0xA0 for ch in text):
            raise not_allowed from None
    if any(ord(ch) < 32 and ord(ch) not in ALLOWED_CONTROL for ch in text[:65536]):
        raise not_allowed
    if SVG_MARKER.search(data):
        raise _error(_("SVG-Grafiken dürfen nicht hochgeladen werden (sie können Skripte enthalten)."), "svg")
    if HTML_MARKERS.search(data):
        raise _error(
            _(
                "HTML-Dateien und Texte mit HTML- oder Skriptinhalt dürfen nicht hochgeladen werden (auch nicht umbenannt)."
            ),
            "html",
        )
    return TXT


def type_for_extension(detected: DetectedType, name: str) -> DetectedType:
    """Text is CSV or TXT depending on the extension; other types are what their content says."""
    if detected in (TXT, CSV) and PurePath(name).suffix.lower() == ".csv":
        return CSV
    return detected
