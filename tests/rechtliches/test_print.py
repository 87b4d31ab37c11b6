"""Printing: a long VS-NfD Lagebild prints the marking at the top and bottom of every sheet (Chromium's
PDF output read back with pypdf); navigation is left out, links print with their target."""

import io

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKING = "VS – NUR FÜR DEN DIENSTGEBRAUCH"
LONG_SUMMARY = "\n\n".join(
    f"Absatz {n}: Kontrolle in einer Shisha-Bar, Befund dokumentiert." for n in range(1, 70)
)


def _pdf_pages(page, url) -> list[str]:
    from pypdf import PdfReader

    page.goto(url)
    pdf = page.pdf(prefer_css_page_size=True)
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def lagebilder_world(browser_user, behoerde_factory):
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from demo.pages import ensure_home_page
    from fachgebiete.models import Fachgebiet
    from lagebilder.models import Klassifikation, Sichtbarkeit
    from lagebilder.services import lagebild_create
    from tests.dateien.files import pdf_bytes

    ensure_home_page()
    fachgebiet, _ = Fachgebiet.objects.get_or_create(slug="shisha", defaults={"name": "Shisha"})
    user, password, secret = browser_user("mitglied", behoerde=behoerde_factory("Stadt Druckhausen"))

    def make(klassifikation, titel):
        return lagebild_create(
            by=user,
            titel=titel,
            zusammenfassung=LONG_SUMMARY,
            zeitraum_von=dt.date(2026, 10, 1),
            zeitraum_bis=dt.date(2026, 10, 31),
            fachgebiete=[fachgebiet],
            klassifikation=klassifikation,
            sichtbarkeit=Sichtbarkeit.EIGENE_BEHOERDE,
            behoerden=(),
            arbeitskreise=(),
            upload=SimpleUploadedFile("lage.pdf", pdf_bytes("Druck")),
            veroeffentlichen=True,
        )

    vsnfd = make(Klassifikation.VS_NFD, "Lagebild Druck VS-NfD")
    offen = make(Klassifikation.OFFEN, "Lagebild Druck offen")
    return user, password, secret, vsnfd, offen


def test_vsnfd_lagebild_prints_marking_on_every_sheet(page, live_server, lagebilder_world):
    user, password, secret, vsnfd, offen = lagebilder_world
    browser_login(page, live_server.url, user.email, password, secret)

    sheets = _pdf_pages(page, f"{live_server.url}/lagebilder/{vsnfd.pk}/")
    assert len(sheets) >= 3, "the test needs a Lagebild longer than two sheets"
    for number, text in enumerate(sheets, start=1):
        flat = " ".join(text.split())
        assert flat.count(MARKING) >= 2, f"sheet {number} lacks the marking at top and bottom: {flat[:200]}"
    first = " ".join(sheets[0].split())
    assert "Hauptnavigation" not in first and "Portal durchsuchen" not in first
    assert "Lagebilder </lagebilder/>" in first or "</lagebilder/>" in first  # link printed with its target
    assert "Impressum" not in " ".join(sheets[-1].split())  # footer navigation left out

    open_sheets = _pdf_pages(page, f"{live_server.url}/lagebilder/{offen.pk}/")
    assert all(MARKING not in " ".join(text.split()) for text in open_sheets)
