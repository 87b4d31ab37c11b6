import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Aktion, AuditEntry
from dateien.downloads import download_response
from dateien.models import Datei
from dateien.services import datei_speichern, sanitize_filename

from .files import pdf_bytes

pytestmark = pytest.mark.django_db


def test_datei_speichern_stores_under_generated_name_with_metadata(mitglied, settings):
    content = pdf_bytes()
    datei = datei_speichern(upload=SimpleUploadedFile("../../etc/Lage <Essen>.pdf", content), by=mitglied)
    assert datei.originalname == "Lage _Essen_.pdf"
    assert datei.sha256 == hashlib.sha256(content).hexdigest()
    assert datei.groesse == len(content)
    assert datei.content_type == "application/pdf"
    assert datei.hochgeladen_von == mitglied
    assert datei.datei.name.startswith("dateien/")
    assert "Essen" not in datei.datei.name and not datei.datei.name.endswith(".pdf")
    assert datei.datei.read() == content
    assert str(settings.MEDIA_ROOT) in datei.datei.path


def test_refused_upload_is_audited_and_nothing_stored(mitglied):
    with pytest.raises(ValidationError):
        datei_speichern(upload=SimpleUploadedFile("boese.pdf", b"<html><script>x</script>"), by=mitglied)
    assert Datei.objects.count() == 0
    entry = AuditEntry.objects.get(aktion=Aktion.DATEI_ABGELEHNT)
    assert entry.actor == mitglied
    assert entry.details["grund"] == "html"
    assert entry.details["dateiname"] == "boese.pdf"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a/b/c.pdf", "c.pdf"),
        ("C:\\x\\y.docx", "y.docx"),
        ("\x00.pdf", "_.pdf"),
        ("", "datei"),
        ("  ..", "datei"),
    ],
)
def test_sanitize_filename(raw, clean):
    assert sanitize_filename(raw) == clean


def test_download_response_headers(mitglied):
    datei = datei_speichern(upload=SimpleUploadedFile("Lagebild Ärger.pdf", pdf_bytes()), by=mitglied)
    response = download_response(datei)
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Lagebild%20%C3%84rger.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_download_response_x_accel(mitglied, settings):
    settings.DOWNLOAD_BACKEND = "x-accel"
    datei = datei_speichern(upload=SimpleUploadedFile("a.pdf", pdf_bytes()), by=mitglied)
    response = download_response(datei)
    assert response["X-Accel-Redirect"] == "/_geschuetzt_intern/" + datei.datei.name
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")


def test_download_response_with_derived_content(mitglied):
    datei = datei_speichern(upload=SimpleUploadedFile("a.pdf", pdf_bytes()), by=mitglied)
    response = download_response(datei, filename="anders.pdf", content=b"%PDF-neu")
    assert b"".join(response.streaming_content) == b"%PDF-neu"
    assert "anders.pdf" in response["Content-Disposition"]


def test_missing_stored_file_answers_not_found_and_is_logged(mitglied, caplog):
    from django.http import Http404

    datei = datei_speichern(upload=SimpleUploadedFile("weg.pdf", pdf_bytes()), by=mitglied)
    datei.datei.storage.delete(datei.datei.name)
    with pytest.raises(Http404):
        download_response(datei)
    assert "Gespeicherte Datei fehlt" in caplog.text
    assert datei.datei.name in caplog.text
