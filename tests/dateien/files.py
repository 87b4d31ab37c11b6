"""Builders for good and bad test files (the corpus under tests/dateien/corpus holds static samples)."""

import io
import zipfile
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"


def pdf_bytes(text: str = "Lagebild Testdokument", pages: int = 1) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        pdf.drawString(72, 770, f"{text} – Seite {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Fallzahlen"
    workbook.active["B1"] = 42
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(entries: dict[str, bytes | str], first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first), entries[first], compress_type=zipfile.ZIP_STORED)
        for name, content in entries.items():
            if name != first:
                archive.writestr(name, content)
    return buffer.getvalue()


def _ooxml(main_part: str, main_type: str, extra_types: str = "", extra: dict | None = None) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>{extra_types}</Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'officeDocument" Target="{main_part}"/></Relationships>'
    )
    entries = {"[Content_Types].xml": content_types, "_rels/.rels": rels, main_part: "<xml/>"}
    entries.update(extra or {})
    return _zip(entries)


def docx_bytes() -> bytes:
    return _ooxml(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    )


def pptx_bytes() -> bytes:
    return _ooxml(
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    )


def docm_bytes() -> bytes:
    return _ooxml(
        "word/document.xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>',
        {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"},
    )


def docx_with_vba_bytes() -> bytes:
    """A .docx whose content types look harmless but which carries a VBA project."""
    return _ooxml(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"},
    )


def _odf(mimetype: str, extra: dict | None = None) -> bytes:
    entries = {
        "mimetype": mimetype,
        "content.xml": '<?xml version="1.0"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        "META-INF/manifest.xml": '<?xml version="1.0"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
    }
    entries.update(extra or {})
    return _zip(entries, first="mimetype")


def odt_bytes() -> bytes:
    return _odf("application/vnd.oasis.opendocument.text")


def ods_bytes() -> bytes:
    return _odf("application/vnd.oasis.opendocument.spreadsheet")


def image_bytes(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    return _zip({"bericht.txt": "Inhalt", "bild.png": image_bytes("PNG")})


GOOD_FILES = {
    "bericht.pdf": ("pdf", pdf_bytes),
    "bericht.docx": ("docx", docx_bytes),
    "tabelle.xlsx": ("xlsx", xlsx_bytes),
    "vortrag.pptx": ("pptx", pptx_bytes),
    "text.odt": ("odt", odt_bytes),
    "tabelle.ods": ("ods", ods_bytes),
    "zahlen.csv": ("csv", lambda: "Kreis;Fälle\nEssen;12\nBochum;7\n".encode()),
    "notiz.txt": (
        "txt",
        lambda: "Besprechung am 3.11.: Größere Kontrolle in Gelsenkirchen.\n".encode("latin-1"),
    ),
    "foto.png": ("png", lambda: image_bytes("PNG")),
    "foto.jpg": ("jpeg", lambda: image_bytes("JPEG")),
}


def corpus_bad_files() -> dict[str, tuple[str, bytes]]:
    """Name -> (expected error code, content): static corpus files plus generated ones."""
    static = {
        "renamed_html.pdf": "html",
        "renamed_html.txt": "html",
        "script.svg": "svg",
        "svg_renamed.png": "svg",
        "javascript.pdf": "pdf_aktiv",
        "openaction_launch.pdf": "pdf_aktiv",
        "hex_escaped_js.pdf": "pdf_aktiv",
        "shell.sh.txt": "programm",
        "eicar_like.exe": "programm",
    }
    files = {name: (code, (CORPUS / name).read_bytes()) for name, code in static.items()}
    files.update(
        {
            "makro.docm": ("makros", docm_bytes()),
            "versteckt.docx": ("makros", docx_with_vba_bytes()),
            "programm.exe": ("programm", b"MZ\x90\x00\x03" + b"\x00" * 200),
            "programm.pdf": ("programm", b"\x7fELF\x02\x01\x01" + b"\x00" * 200),
            "archiv.zip": ("archiv", plain_zip_bytes()),
            "archiv_als.docx": ("archiv", plain_zip_bytes()),
            "archiv.gz": ("archiv", b"\x1f\x8b\x08\x00" + b"\x00" * 50),
            "archiv.rar": ("archiv", b"Rar!\x1a\x07\x00" + b"\x00" * 50),
            "archiv.7z": ("archiv", b"7z\xbc\xaf\x27\x1c" + b"\x00" * 50),
            "leer.pdf": ("leer", b""),
            "pdf_als.docx": ("endung_passt_nicht", pdf_bytes()),
            "bild.pdf": ("endung_passt_nicht", image_bytes("PNG")),
            "binär.txt": ("unbekannt", bytes(range(1, 32)) * 10),
        }
    )
    return files


# --- EICAR, the antivirus test file, hidden in every allowed type (refused by the real clamd) ---------

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _image_with_text(fmt: str, text: bytes) -> bytes:
    from PIL import Image, PngImagePlugin

    buffer = io.BytesIO()
    image = Image.new("RGB", (8, 8), (20, 120, 200))
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", text.decode("latin-1"))
        image.save(buffer, format="PNG", pnginfo=info)
    else:
        image.save(buffer, format="JPEG", comment=text)
    return buffer.getvalue()


def _xlsx_with(value: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def eicar_files() -> dict[str, tuple[str, bytes]]:
    """Name -> (type key, content): EICAR in a file that passes every other check of its type."""
    return {
        "eicar.txt": ("txt", EICAR),
        "eicar.csv": ("csv", b"Kreis;Wert\nEssen;" + EICAR + b"\n"),
        "eicar.pdf": ("pdf", pdf_bytes() + b"%" + EICAR + b"\n"),
        "eicar.docx": (
            "docx",
            _ooxml(
                "word/document.xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                extra={"word/media/anlage.txt": EICAR},
            ),
        ),
        "eicar.xlsx": ("xlsx", _xlsx_with(EICAR.decode())),
        "eicar.odt": ("odt", _odf("application/vnd.oasis.opendocument.text", {"Pictures/anlage.txt": EICAR})),
        "eicar.png": ("png", _image_with_text("PNG", EICAR)),
        "eicar.jpg": ("jpeg", _image_with_text("JPEG", EICAR)),
    }
