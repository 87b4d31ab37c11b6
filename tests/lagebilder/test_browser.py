"""Journey: upload a PDF for one other authority; a member there downloads it; a third authority sees nothing."""

import re
from pathlib import Path

import pytest

from tests.conftest import browser_login
from tests.dateien.files import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITEL = "Lagebild Glücksspiel Browser-Test"


def _new_page(page):
    context = page.context.browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    return context.new_page()


def test_upload_share_with_one_authority_download_and_third_sees_nothing(
    page, live_server, browser_user, behoerde_factory, tmp_path
):
    from behoerden.models import Behoerde
    from demo.pages import ensure_home_page
    from fachgebiete.models import Fachgebiet

    ensure_home_page()
    Fachgebiet.objects.get_or_create(slug="gluecksspiel", defaults={"name": "Glücksspiel"})
    a = behoerde_factory("Polizeipräsidium Browserstadt", art=Behoerde.Art.POLIZEI)
    b = behoerde_factory("Stadt Empfangshausen")
    c = behoerde_factory("Stadt Drittdorf")
    uploader, pw_a, secret_a = browser_user("mitglied", behoerde=a)
    reader, pw_b, secret_b = browser_user("mitglied", behoerde=b)
    outsider, pw_c, secret_c = browser_user("mitglied", behoerde=c)
    pdf_path = tmp_path / "Lagebild Glücksspiel.pdf"
    pdf_path.write_bytes(pdf_bytes("Browser-Test", pages=2))

    browser_login(page, live_server.url, uploader.email, pw_a, secret_a)
    page.goto(f"{live_server.url}/lagebilder/neu/")
    page.fill("#id_titel", TITEL)
    page.fill("#id_zusammenfassung", "Kontrollen in Wettbüros, Ergebnisse und Hinweise.")
    page.fill("#id_zeitraum_von", "2026-10-01")
    page.fill("#id_zeitraum_bis", "2026-10-31")
    page.get_by_role("checkbox", name="Glücksspiel").check()
    page.get_by_role("radio", name="benannte Behörden").check()
    page.select_option("#id_behoerden", label="Stadt Empfangshausen")
    page.set_input_files("#id_datei", str(pdf_path))
    page.screenshot(path="var/lagebilder_upload.png", full_page=True)
    page.click("form.upload-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/lagebilder/\d+/$"))
    assert page.locator("h1").inner_text() == TITEL
    page.screenshot(path="var/lagebilder_detail_autor.png", full_page=True)

    reader_page = _new_page(page)
    browser_login(reader_page, live_server.url, reader.email, pw_b, secret_b)
    reader_page.goto(f"{live_server.url}/lagebilder/")
    reader_page.screenshot(path="var/lagebilder_list.png", full_page=True)
    reader_page.get_by_role("link", name=TITEL).click()
    with reader_page.expect_download() as download_info:
        reader_page.get_by_role("link", name="Aktuelle Version herunterladen").click()
    download = download_info.value
    assert download.suggested_filename == "Lagebild Glücksspiel.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    outsider_page = _new_page(page)
    browser_login(outsider_page, live_server.url, outsider.email, pw_c, secret_c)
    outsider_page.goto(f"{live_server.url}/lagebilder/")
    assert TITEL not in outsider_page.content()
    outsider_page.goto(f"{live_server.url}/suche/?q=Glücksspiel")
    assert TITEL not in outsider_page.content()
    detail_url = reader_page.url
    response = outsider_page.goto(detail_url)
    assert response.status == 404
