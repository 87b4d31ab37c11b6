"""Stamp VS-NfD PDFs on every page: the marking and who downloaded it when (pypdf + reportlab)."""

import io

from pypdf import PdfReader, PdfWriter
from reportlab.lib.colors import Color
from reportlab.pdfgen import canvas

from .models import VS_MARKING


def _overlay(width: float, height: float, zeile: str):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    red = Color(0.75, 0.0, 0.0)
    pdf.setFillColor(red)
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawCentredString(width / 2, height - 16, VS_MARKING)
    pdf.drawCentredString(width / 2, 10, VS_MARKING)
    pdf.setFont("Helvetica", 7)
    pdf.drawCentredString(width / 2, height - 26, zeile)
    pdf.drawCentredString(width / 2, 20, zeile)
    pdf.showPage()
    pdf.save()
    buffer.seek(0)
    return PdfReader(buffer).pages[0]


def stamp_pdf(data: bytes, *, zeile: str) -> bytes:
    """Return the PDF with the VS-NfD marking and `zeile` on the top and bottom of every page."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    overlays: dict[tuple[float, float], object] = {}
    for page in writer.pages:
        box = page.mediabox
        size = (float(box.width), float(box.height))
        if size not in overlays:
            overlays[size] = _overlay(*size, zeile)
        page.merge_page(overlays[size])
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def abruf_zeile(user, when) -> str:
    from django.utils import timezone

    behoerde = user.behoerde.name if getattr(user, "behoerde", None) else "–"
    name = user.get_full_name() or user.email
    return f"abgerufen von {name} ({behoerde}) am {timezone.localtime(when):%d.%m.%Y %H:%M} Uhr"
