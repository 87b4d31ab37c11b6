"""Journey of issue #20: Anfrage → case opened → two authorities contribute (one late, reminded) →
report released → read by the requester (stamped PDF) → Fallbesprechung with minutes and tasks →
a task done → case closed → deletion job after the date."""

import datetime

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_360_analyse_from_anfrage_to_deletion(
    page, live_server, browser_user, behoerde_factory, _playwright_browser, tmp_path
):
    from analysen.models import Analysevorgang, Aufgabe, Beitragsanforderung
    from analysen.tasks import apply_deletion_dates
    from demo.pages import ensure_home_page
    from tests.dateien.files import pdf_bytes

    ensure_home_page()
    base = live_server.url
    gs_behoerde = behoerde_factory("Geschäftsstelle SiKo Ruhr", art="geschaeftsstelle")
    ge, essen, hza = (
        behoerde_factory("Stadt Gelsenkirchen"), behoerde_factory("Polizeipräsidium Essen"), behoerde_factory("Hauptzollamt Dortmund")
    )  # fmt: skip
    requester = browser_user("mitglied", behoerde=ge, first_name="Aylin", last_name="Demir")
    lead = browser_user("geschaeftsstelle", behoerde=gs_behoerde, first_name="Lena", last_name="Lead")
    gs2 = browser_user("geschaeftsstelle", behoerde=gs_behoerde, first_name="Gero", last_name="Zweit")
    polizei = browser_user("mitglied", behoerde=essen, first_name="Tobias", last_name="Schäfer")
    zoll = browser_user("mitglied", behoerde=hza, first_name="Daniel", last_name="Krüger")

    def session(person):
        context = _playwright_browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15000)
        tab = context.new_page()
        user, password, secret = person
        browser_login(tab, base, user.email, password, secret)
        return tab

    # 1. Gelsenkirchen asks for a 360°-Analyse.
    browser_login(page, base, requester[0].email, requester[1], requester[2])
    page.goto(f"{base}/austausch/anfragen/neu/")
    page.select_option("#id_art", "analyse_360")
    page.fill("#id_betreff", "Netzwerk Shisha-Bars Buer")
    page.fill("#id_beschreibung", "Bitte um 360°-Analyse der Betreiber.")
    page.fill("#id_rechtsgrundlage", "§ 35 GewO")
    page.fill("#id_kontakt", "Aylin Demir, 0209 169-0")
    page.get_by_role("button", name="Anfrage absenden").click()
    page.wait_for_selector("text=Ihre Anfrage ist bei der Geschäftsstelle eingegangen.")
    anfrage_url = page.url

    # 2. The Geschäftsstelle opens the case from the Anfrage, names people, asks for contributions.
    gs = session(lead)
    gs.goto(anfrage_url)
    gs.get_by_role("link", name="Analysevorgang zu dieser Anfrage eröffnen").click()
    gs.fill("#id_loeschfrist", (timezone.localdate() + datetime.timedelta(days=400)).isoformat())
    gs.select_option("#id_klassifikation", "vsnfd")
    gs.select_option("#id_behoerden", [str(essen.pk), str(hza.pk)])
    gs.get_by_role("button", name="Vorgang eröffnen").click()
    gs.wait_for_selector("text=wurde eröffnet")
    vorgang = Analysevorgang.objects.get()
    case_url = f"{base}/analysen/{vorgang.pk}/"
    for behoerde, person in ((essen, polizei), (hza, zoll)):
        beteiligung = vorgang.beteiligungen.get(behoerde=behoerde)
        gs.fill(f"#person-{beteiligung.pk}", person[0].email)
        gs.locator(f"#person-{beteiligung.pk}").press("Enter")
        gs.wait_for_selector("text=ist jetzt für den Vorgang benannt")
    gs.fill("#id_frist", (timezone.localdate() + datetime.timedelta(days=7)).isoformat())
    gs.get_by_role("button", name="Beiträge bei allen noch nicht angefragten Behörden anfordern").click()
    gs.wait_for_selector("text=um ihre Beiträge gebeten")

    # 3. Essen contributes in time, with a file.
    pol = session(polizei)
    pol.goto(case_url)
    pol.get_by_role("link", name="Beitrag übermitteln").click()
    pol.fill("#id_text", "Zwei Bars hatten denselben Vorbetreiber.")
    pol.select_option("#id_quellenkategorie", "sicherheitsbehoerdlich")
    pol.fill("#id_rechtsgrundlage", "§ 27 PolG NRW")
    vermerk = tmp_path / "Vermerk.pdf"
    vermerk.write_bytes(pdf_bytes("Vermerk PP Essen"))
    pol.set_input_files("#id_dateien", str(vermerk))
    pol.get_by_role("button", name="Beitrag übermitteln").click()
    pol.wait_for_selector("text=Ihr Beitrag wurde übermittelt.")

    # 4. The customs office is late: the due date passes, the Geschäftsstelle reminds, it answers.
    Beitragsanforderung.objects.filter(behoerde=hza).update(
        frist=timezone.localdate() - datetime.timedelta(days=1)
    )
    gs.goto(case_url)
    assert "überfällig" in gs.locator("#beitraege").inner_text() or "überfällig" in gs.content()
    gs.get_by_role("button", name=f"Erinnern {hza.name}").click()
    gs.wait_for_selector("text=Die Behörde wurde erinnert.")
    zo = session(zoll)
    zo.goto(f"{base}/benachrichtigungen/")
    assert "Erinnerung: Beitrag zur Analyse" in zo.content()
    zo.goto(f"{case_url}beitrag/")
    zo.fill("#id_text", "Schwarzarbeit in drei Bars festgestellt.")
    zo.select_option("#id_quellenkategorie", "sicherheitsbehoerdlich")
    zo.fill("#id_rechtsgrundlage", "§ 6 SchwarzArbG")
    zo.get_by_role("button", name="Beitrag übermitteln").click()
    zo.wait_for_selector("text=Ihr Beitrag wurde übermittelt.")

    # 5. The lead writes the report, submits it; a colleague releases it (four eyes).
    gs.goto(f"{case_url}bericht/")
    gs.fill("#id_fragestellung", "Wer steht hinter den Bars?")
    gs.fill("#id_erkenntnisse", "Ein gemeinsamer Vorbetreiber.")
    gs.fill("#id_verbindung-0-von_name", "Max Muster")
    gs.select_option("#id_verbindung-0-von_art", "person")
    gs.fill("#id_verbindung-0-beziehung", "Vorbetreiber")
    gs.fill("#id_verbindung-0-zu_name", "Shisha-Bar Oase")
    gs.select_option("#id_verbindung-0-zu_art", "firma")
    gs.fill("#id_verbindung-0-quelle", "Beitrag PP Essen")
    bericht_pdf = tmp_path / "Auswertebericht.pdf"
    bericht_pdf.write_bytes(pdf_bytes("Auswertebericht 360"))
    gs.set_input_files("#id_pdf_upload", str(bericht_pdf))
    gs.get_by_role("button", name="Entwurf speichern").click()
    gs.wait_for_selector("text=Der Bericht wurde gespeichert.")
    gs.get_by_role("link", name="Zur Freigabe einreichen").click()
    gs.get_by_role("button", name="Zur Freigabe einreichen").click()
    gs.wait_for_selector("text=Der Bericht ist zur Freigabe eingereicht.")
    assert "wartet auf die Freigabe durch eine andere Person" in gs.content()
    second = session(gs2)
    second.goto(case_url)
    second.get_by_role("link", name="Bericht freigeben (Vier-Augen-Prinzip)").click()
    second.get_by_role("button", name="Bericht freigeben").click()
    second.wait_for_selector("text=Der Bericht ist freigegeben")

    # 6. The requester reads the report and downloads the stamped PDF.
    page.goto(case_url)
    assert "Ein gemeinsamer Vorbetreiber." in page.content()
    assert page.locator("table.verbindungen tbody tr").first.inner_text().split("\t")[:3] == [
        "Max Muster Person",
        "Vorbetreiber",
        "Shisha-Bar Oase Firma",
    ]
    assert "VS – NUR FÜR DEN DIENSTGEBRAUCH" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Bericht als PDF herunterladen (mit VS-NfD-Stempel)").click()
    text = PdfReader(download.value.path()).pages[0].extract_text()
    assert "abgerufen von Aylin Demir" in text
    page.goto(f"{case_url}bericht/abrufe/")
    assert "Aylin Demir" in page.content()

    # 7. Fallbesprechung with minutes and a task for Essen.
    gs.goto(case_url)
    gs.get_by_role("link", name="Fallbesprechung ansetzen").click()
    gs.fill("#id_beginn", (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT10:00"))
    gs.fill("#id_ort", "Polizeipräsidium Essen, Raum 4")
    gs.fill("#id_tagesordnung", "1. Ergebnis des Berichts\n2. Gemeinsame Kontrolle")
    gs.check(f"#einl-{requester[0].pk}")
    gs.check(f"#einl-{polizei[0].pk}")
    gs.get_by_role("button", name="Fallbesprechung ansetzen und einladen").click()
    gs.wait_for_selector("text=Die Fallbesprechung ist angesetzt")
    pol.goto(case_url)
    pol.get_by_role("button", name="Zusagen").click()
    pol.wait_for_selector("text=Ihre Antwort wurde gespeichert.")
    gs.goto(case_url)
    gs.get_by_role("link", name="Protokoll schreiben und freigeben").click()
    gs.fill("#id_protokoll", "Gemeinsame Kontrolle am Freitag vereinbart.")
    gs.get_by_role("button", name="Protokoll freigeben").click()
    gs.wait_for_selector("text=Das Protokoll ist freigegeben.")
    gs.get_by_role("link", name="Aufgabe anlegen").click()
    gs.fill("#id_was", "Kontrolle vorbereiten")
    gs.select_option("#id_behoerde", str(essen.pk))
    gs.fill("#id_frist", (timezone.localdate() + datetime.timedelta(days=5)).isoformat())
    gs.get_by_role("button", name="Aufgabe anlegen").click()
    gs.wait_for_selector("text=Die Aufgabe wurde angelegt.")

    # 8. Essen marks its task done.
    aufgabe = Aufgabe.objects.get()
    pol.goto(case_url)
    pol.select_option(f"#status-{aufgabe.pk}", "erledigt")
    pol.get_by_role("button", name="Speichern Kontrolle vorbereiten").click()
    pol.wait_for_selector("text=Der Status der Aufgabe wurde gespeichert.")
    aufgabe.refresh_from_db()
    assert aufgabe.status == "erledigt"

    # 9. The case is closed; after the deletion date the job removes the content, the frame stays.
    gs.goto(case_url)
    gs.get_by_role("link", name="Vorgang abschließen").click()
    gs.get_by_role("button", name="Vorgang abschließen").click()
    gs.wait_for_selector("text=Der Vorgang ist abgeschlossen.")
    Analysevorgang.objects.filter(pk=vorgang.pk).update(loeschfrist=timezone.localdate())
    assert apply_deletion_dates()["geloescht"] == 1
    gs.goto(case_url)
    assert "Inhalte gelöscht am" in gs.content() and vorgang.aktenzeichen in gs.content()
    assert "Ein gemeinsamer Vorbetreiber." not in gs.content()
    gs.screenshot(path="var/screenshot-analysen-geloescht.png", full_page=True)
