"""PDF active content is found by parsing (qpdf), whatever filter or object stream hides it."""

import io
import zlib

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dateien.validation import validate_upload
from lagebilder.stamp import stamp_pdf

from .files import pdf_bytes
from .pdf_corpus import (
    ACTIVE_OBJECTS,
    FILTERS,
    escaped,
    pdf_with_object_stream,
    pdf_with_plain_object,
)

HARMLESS_ACTION = b"<< /S /URI /URI (https://portal.siko-ruhr.de/) >>"


def refusal_code(content: bytes, name: str = "bericht.pdf") -> str:
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile(name, content))
    assert info.value.messages[0].strip()
    return info.value.code


@pytest.mark.parametrize("filter_name", sorted(FILTERS))
def test_corpus_filters_really_encode_the_object_stream(filter_name):
    content = pdf_with_object_stream(ACTIVE_OBJECTS["JS"], filter_name=filter_name)
    assert b"/JS" not in content
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert pdf.get_warnings() == []
        assert pdf.Root.OpenAction.JS == "app.alert(1)"


@pytest.mark.parametrize("filter_name", sorted(FILTERS))
def test_harmless_pdf_with_object_stream_in_each_filter_is_accepted(filter_name):
    content = pdf_with_object_stream(HARMLESS_ACTION, filter_name=filter_name)
    assert validate_upload(SimpleUploadedFile("bericht.pdf", content)).key == "pdf"


@pytest.mark.parametrize("filter_name", sorted(FILTERS))
@pytest.mark.parametrize("keyword", sorted(ACTIVE_OBJECTS))
def test_active_content_in_object_stream_is_refused_behind_every_filter(keyword, filter_name):
    content = pdf_with_object_stream(ACTIVE_OBJECTS[keyword], filter_name=filter_name)
    assert keyword.encode() not in content
    assert refusal_code(content) == "pdf_aktiv"


@pytest.mark.parametrize("keyword", sorted(ACTIVE_OBJECTS))
def test_active_content_written_with_name_escapes_is_refused(keyword):
    hidden = escaped(ACTIVE_OBJECTS[keyword])
    assert b"/" + keyword.encode() + b" " not in hidden
    assert refusal_code(pdf_with_plain_object(hidden)) == "pdf_aktiv"
    assert refusal_code(pdf_with_object_stream(hidden, filter_name="LZW")) == "pdf_aktiv"


@pytest.mark.parametrize("keyword", sorted(ACTIVE_OBJECTS))
def test_active_content_in_a_plain_object_is_refused(keyword):
    assert refusal_code(pdf_with_plain_object(ACTIVE_OBJECTS[keyword])) == "pdf_aktiv"


def test_active_content_nested_deep_in_direct_objects_is_refused():
    action = b"<< /Kids [ << /A [ 1 2 << /Next << /S /Launch >> >> ] >> ] >>"
    assert refusal_code(pdf_with_object_stream(action, filter_name="ASCII85")) == "pdf_aktiv"


def test_active_content_in_a_stream_dictionary_is_refused():
    content = pdf_with_plain_object(HARMLESS_ACTION)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        attachment = pikepdf.Stream(pdf, b"MZ\x90\x00", Type=pikepdf.Name.EmbeddedFile)
        pdf.Root.Beilage = pdf.make_indirect(attachment)
        output = io.BytesIO()
        pdf.save(output, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert refusal_code(output.getvalue()) == "pdf_aktiv"


def test_pdf_that_cannot_be_parsed_is_refused():
    assert refusal_code(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF") == "pdf_defekt"


def test_pdf_whose_object_stream_cannot_be_decoded_is_refused():
    content = pdf_with_object_stream(HARMLESS_ACTION, filter_name="Flate")
    broken = content.replace(b"/FlateDecode >>\nstream\n", b"/FlateDecode >>\nstream\nXX", 1)
    assert broken != content
    assert refusal_code(broken) == "pdf_defekt"


def test_password_protected_pdf_is_refused():
    with pikepdf.open(io.BytesIO(pdf_bytes())) as pdf:
        output = io.BytesIO()
        pdf.save(output, encryption=pikepdf.Encryption(user="geheim", owner="geheim"))
    assert refusal_code(output.getvalue()) == "pdf_passwort"


def reportlab_pdf(**options) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from .files import image_bytes

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, **options)
    pdf.setTitle("Lagebild Ruhr")
    pdf.drawString(72, 770, "Lagebild Shisha – Gelsenkirchen (JavaScript wird hier nur erwähnt)")
    pdf.linkURL("https://portal.siko-ruhr.de/", (72, 700, 300, 720))
    pdf.bookmarkPage("seite1")
    pdf.addOutlineEntry("Übersicht", "seite1")
    pdf.drawImage(ImageReader(io.BytesIO(image_bytes("PNG"))), 72, 500, 50, 50)
    pdf.showPage()
    pdf.drawString(72, 770, "Seite 2")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def resaved(content: bytes, **options) -> bytes:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        output = io.BytesIO()
        pdf.save(output, **options)
    return output.getvalue()


REAL_PDFS = {
    "reportlab": lambda: pdf_bytes(pages=3),
    "reportlab_bild_link_gliederung": reportlab_pdf,
    "reportlab_unkomprimiert": lambda: reportlab_pdf(pageCompression=0),
    "qpdf_objektstroeme": lambda: resaved(
        reportlab_pdf(), object_stream_mode=pikepdf.ObjectStreamMode.generate
    ),
    "qpdf_linearisiert": lambda: resaved(reportlab_pdf(), linearize=True),
    "vs_nfd_gestempelt": lambda: stamp_pdf(reportlab_pdf(), zeile="abgerufen von Test am 01.01.2026"),
}


@pytest.mark.parametrize("name", sorted(REAL_PDFS))
def test_real_pdfs_are_accepted(name):
    assert validate_upload(SimpleUploadedFile(f"{name}.pdf", REAL_PDFS[name]())).key == "pdf"


def test_stamped_pdf_of_an_accepted_upload_is_accepted_again():
    original = pdf_with_object_stream(HARMLESS_ACTION, filter_name="ASCII85")
    assert validate_upload(SimpleUploadedFile("a.pdf", original)).key == "pdf"
    stamped = stamp_pdf(original, zeile="abgerufen von Test am 01.01.2026")
    assert stamped != original
    assert validate_upload(SimpleUploadedFile("a.pdf", stamped)).key == "pdf"


def test_pdf_bomb_is_refused_before_qpdf_decodes_it(monkeypatch):
    """A Flate stream that inflates beyond the limit is refused (measured in steps, never kept whole)."""
    from dateien import validation

    monkeypatch.setattr(validation, "MAX_PDF_EXPANDED_BYTES", 4 * 1024 * 1024)
    bomb = zlib.compress(b"\0" * (5 * 1024 * 1024), 9)
    content = pdf_bytes().replace(
        b"%%EOF",
        b"9 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb)
        + bomb
        + b"\nendstream\nendobj\n%%EOF",
    )
    assert len(content) < 64 * 1024
    assert refusal_code(content) == "pdf_bombe"
    # The same file below the limit is judged by its structure as usual.
    monkeypatch.setattr(validation, "MAX_PDF_EXPANDED_BYTES", 8 * 1024 * 1024)
    assert validate_upload(SimpleUploadedFile("bericht.pdf", content)).key == "pdf"
