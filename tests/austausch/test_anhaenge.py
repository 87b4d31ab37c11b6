"""Attachments, Arbeitskreis documents and request results go through `dateien`: checked, private, audited."""

from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Aktion, AuditEntry
from austausch import services
from austausch.models import Beitrag, BeitragAnhang
from tests.dateien.files import pdf_bytes


def _pdf(name="Lagebericht Layali.pdf"):
    return SimpleUploadedFile(name, pdf_bytes("Erkenntnisse zur Shisha-Bar"), content_type="application/pdf")


def test_reply_with_attachment_and_audited_download(board, make_thema, login):
    thema = make_thema(bereich=board["ak"], by=board["leitung"])
    client = login(board["mitglied"])
    response = client.post(
        f"/austausch/thema/{thema.pk}/antworten/", {"text": "Siehe Anhang", "anhaenge": [_pdf()]}
    )
    assert response.status_code == 302
    anhang = BeitragAnhang.objects.get()
    body = client.get(f"/austausch/thema/{thema.pk}/").content.decode()
    assert "Lagebericht Layali.pdf" in body
    download = login(board["leitung"]).get(f"/austausch/anhang/{anhang.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert (
        AuditEntry.objects.filter(aktion=Aktion.DATEI_HERUNTERGELADEN, objekt_id=str(anhang.datei_id)).count()
        == 1
    )
    # Outside the Arbeitskreis: 404, and the refusal is audited.
    assert login(board["aussen"]).get(f"/austausch/anhang/{anhang.pk}/").status_code == 404
    assert AuditEntry.objects.filter(
        aktion=Aktion.ZUGRIFF_VERWEIGERT, objekt_typ="austausch.beitraganhang"
    ).exists()


def test_attachment_of_deleted_post_is_gone(board, make_thema, login):
    thema = make_thema()
    reply = services.beitrag_create(thema=thema, by=board["aussen"], text="x", anhaenge=[_pdf()]).beitrag
    services.beitrag_delete(beitrag=reply, by=board["gs"], grund="falsche Datei")
    anhang = BeitragAnhang.objects.get()
    assert login(board["mitglied"]).get(f"/austausch/anhang/{anhang.pk}/").status_code == 404


def test_active_content_is_refused_and_nothing_is_posted(board, make_thema, login):
    thema = make_thema()
    evil = SimpleUploadedFile(
        "bericht.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = login(board["aussen"]).post(
        f"/austausch/thema/{thema.pk}/antworten/", {"text": "Anhang", "anhaenge": [evil]}, follow=True
    )
    assert Beitrag.objects.filter(thema=thema).count() == 1
    assert not BeitragAnhang.objects.exists()
    assert response.status_code == 200
    assert AuditEntry.objects.filter(aktion=Aktion.DATEI_ABGELEHNT).count() == 1
    assert 'class="message message--error"' in response.content.decode()


def test_xss_in_file_name_is_escaped(board, make_thema, login):
    thema = make_thema()
    services.beitrag_create(
        thema=thema, by=board["aussen"], text="x", anhaenge=[_pdf("<img src=x onerror=alert(1)>.pdf")]
    )
    body = login(board["mitglied"]).get(f"/austausch/thema/{thema.pk}/").content.decode()
    assert "<img src=x onerror" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in body or "img src=x onerror=alert(1)_.pdf" in body


def test_too_many_attachments_are_refused(board, make_thema, login):
    thema = make_thema()
    response = login(board["aussen"]).post(
        f"/austausch/thema/{thema.pk}/antworten/",
        {"text": "x", "anhaenge": [_pdf(f"{i}.pdf") for i in range(6)]},
        follow=True,
    )
    assert "höchstens 5 Dateien" in response.content.decode()
    assert Beitrag.objects.filter(thema=thema).count() == 1


def test_arbeitskreis_documents(board, login):
    slug = board["arbeitskreis"].slug
    assert (
        login(board["mitglied"])
        .post(f"/arbeitskreise/{slug}/dokumente/neu/", {"titel": "x", "datei": _pdf()})
        .status_code
        == 404
    )
    login(board["leitung"]).post(
        f"/arbeitskreise/{slug}/dokumente/neu/", {"titel": "Protokoll Oktober", "datei": _pdf()}
    )
    dokument = board["arbeitskreis"].dokumente.get()
    member = login(board["mitglied"])
    assert "Protokoll Oktober" in member.get(f"/arbeitskreise/{slug}/").content.decode()
    assert member.get(f"/arbeitskreise/{slug}/dokumente/{dokument.pk}/").status_code == 200
    outsider = login(board["aussen"])
    assert "Protokoll Oktober" not in outsider.get(f"/arbeitskreise/{slug}/").content.decode()
    assert outsider.get(f"/arbeitskreise/{slug}/dokumente/{dokument.pk}/").status_code == 404
