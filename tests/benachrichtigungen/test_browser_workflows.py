"""Browser journeys (Chromium) per workflow: request → notification → answer → notification.

Two people in two browser sessions, demo people on the seeded demo. Between the steps each person's
header shows the unread count and the notification centre lists the entry; the entry itself is clicked,
which lands on the object and marks it read.
"""

import re

import pytest

from tests.conftest import browser_login, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(live_server):
    """The demo, committed for the live server (not the shared, rolled-back `demo` fixture: its open
    transaction would keep the live server from seeing the data and the flush from running)."""
    return seed_demo()


@pytest.fixture
def session(_playwright_browser, live_server, seeded):
    """Open a logged-in browser session for a demo person (by demo key); closed after the test."""
    from demo.context import DEMO_PASSWORD, demo_totp_secret

    contexts = []

    def open_session(key):
        context = _playwright_browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15000)
        contexts.append(context)
        page = context.new_page()
        email = seeded.users[key].email
        browser_login(page, live_server.url, email, DEMO_PASSWORD, demo_totp_secret(email))
        return page

    yield open_session
    for context in contexts:
        context.close()


def unread(page) -> int:
    """The unread count in the header of the page shown (0 when the header shows no badge)."""
    badge = page.locator(".header-benachrichtigungen [data-ungelesen]")
    return int(badge.get_attribute("data-ungelesen")) if badge.count() else 0


def open_notification(page, base_url: str, titel: str, *, lands_on: str) -> None:
    """From the header into the notification centre; the entry is listed as new; clicking it opens the
    object (`lands_on`, a path pattern) and the header's count drops by one."""
    page.goto(f"{base_url}/")
    before = unread(page)
    assert before >= 1
    page.locator("a.header-benachrichtigungen").click()
    page.wait_for_url(f"{base_url}/benachrichtigungen/")
    entry = page.locator("ul.benachrichtigungen > li", has=page.get_by_role("link", name=titel, exact=True))
    assert entry.count() == 1, f"„{titel}“ nicht (genau einmal) in der Liste"
    assert entry.locator(".badge").inner_text() == "neu"
    entry.get_by_role("link", name=titel, exact=True).click()
    page.wait_for_url(re.compile(re.escape(base_url) + lands_on))
    assert unread(page) == before - 1


def test_anfrage_journey(session, live_server, seeded):
    from anfragen.models import Anfrage

    base = live_server.url
    requester = session("stadt-gelsenkirchen-mitglied")  # Markus Hoffmann, Stadt Gelsenkirchen
    gs = session("gs-admin")
    gs.goto(f"{base}/")
    gs_before = unread(gs)
    requester.goto(f"{base}/")
    requester_before = unread(requester)

    # The member files the request.
    requester.goto(f"{base}/austausch/anfragen/neu/")
    requester.select_option("#id_art", "analyse_360")
    requester.fill("#id_betreff", "Netzwerk um die Shisha-Bar „Oase“")
    requester.fill("#id_beschreibung", "Bitte um eine 360°-Analyse der Betreiber.")
    requester.fill("#id_rechtsgrundlage", "§ 35 GewO")
    requester.select_option("#id_dringlichkeit", "hoch")
    requester.fill("#id_kontakt", "Markus Hoffmann, 0209 169-0")
    requester.get_by_role("button", name="Anfrage absenden").click()
    requester.wait_for_selector("text=Ihre Anfrage ist bei der Geschäftsstelle eingegangen.")
    anfrage = Anfrage.objects.get(betreff="Netzwerk um die Shisha-Bar „Oase“")
    anfrage_path = rf"/austausch/anfragen/{anfrage.pk}/$"

    # The Geschäftsstelle sees it in the header and opens it from the centre.
    gs.goto(f"{base}/")
    assert unread(gs) == gs_before + 1
    open_notification(
        gs,
        base,
        "Neue Anfrage von Gelsenkirchen: Netzwerk um die Shisha-Bar „Oase“",
        lands_on=anfrage_path,
    )
    assert "Bitte um eine 360°-Analyse der Betreiber." in gs.locator("main").inner_text()

    # It asks back.
    gs.select_option("#id_status", "rueckfrage")
    gs.fill("#id_text", "Welche Adresse hat die Bar?")
    gs.get_by_role("button", name="Status ändern").click()
    gs.wait_for_selector("main dd strong:has-text('Rückfrage')")

    # The requester is told and answers.
    open_notification(
        requester,
        base,
        "Rückfrage zu Ihrer Anfrage: Netzwerk um die Shisha-Bar „Oase“",
        lands_on=anfrage_path,
    )
    assert "Welche Adresse hat die Bar?" in requester.locator("main").inner_text()
    requester.fill("#id_text", "Marktstraße 5, Gelsenkirchen-Buer")
    requester.get_by_role("button", name="Antwort senden").click()
    requester.wait_for_selector("text=Marktstraße 5, Gelsenkirchen-Buer")

    # The Geschäftsstelle is told of the answer and closes the request with a result.
    open_notification(
        gs, base, "Antwort auf die Rückfrage: Netzwerk um die Shisha-Bar „Oase“", lands_on=anfrage_path
    )
    assert "Marktstraße 5, Gelsenkirchen-Buer" in gs.locator("main").inner_text()
    gs.select_option("#id_status", "abgeschlossen")
    gs.fill("#id_text", "Ergebnis: 14 Personen, 3 Firmen.")
    gs.get_by_role("button", name="Status ändern").click()
    gs.wait_for_selector("main dd strong:has-text('Abgeschlossen')")

    # The requester is told of the result.
    open_notification(
        requester, base, "Ergebnis zu Ihrer Anfrage: Netzwerk um die Shisha-Bar „Oase“", lands_on=anfrage_path
    )
    assert "Ergebnis: 14 Personen, 3 Firmen." in requester.locator("main").inner_text()
    assert unread(requester) == requester_before


def test_arbeitskreis_join_journey(session, live_server, seeded):
    base = live_server.url
    asker = session("hza-dortmund-mitglied")  # Daniel Krüger, not in the Arbeitskreis Bewachung
    leitung = session("stadt-duisburg-mitglied")  # Stefan Nowak leads it
    leitung.goto(f"{base}/")
    leitung_before = unread(leitung)

    asker.goto(f"{base}/arbeitskreise/bewachung/")
    asker.fill("#begruendung", "Die FKS prüft die Mindestlöhne im Bewachungsgewerbe.")
    asker.get_by_role("button", name="Mitarbeit anfragen").click()
    asker.wait_for_selector("text=Ihre Anfrage wurde an die Leitung des Arbeitskreises gesendet.")
    assert asker.get_by_text("Ihre Beitrittsanfrage liegt der Leitung vor.").is_visible()

    leitung.goto(f"{base}/")
    assert unread(leitung) == leitung_before + 1
    open_notification(
        leitung,
        base,
        "Beitrittsanfrage von Daniel Krüger für den Arbeitskreis Bewachung",
        lands_on=r"/arbeitskreise/bewachung/$",
    )
    request_item = leitung.locator("section[aria-labelledby=anfragen-h] li", has_text="Daniel Krüger")
    assert "Mindestlöhne im Bewachungsgewerbe" in request_item.inner_text()
    request_item.get_by_role("button", name="Annehmen").click()
    leitung.wait_for_selector("text=Die Anfrage wurde angenommen.")

    open_notification(
        asker,
        base,
        "Ihr Beitritt zum Arbeitskreis Bewachung wurde angenommen",
        lands_on=r"/arbeitskreise/bewachung/$",
    )
    # As a member the Arbeitskreis' space is open now, with them in the member list.
    assert "nur für Mitglieder sichtbar" not in asker.locator("main").inner_text()
    assert asker.locator("main table tr", has_text="Daniel Krüger").count() == 1


def test_massnahme_journey(session, live_server, seeded):
    from praevention.models import Massnahme

    base = live_server.url
    ap = session("stadt-gelsenkirchen-ap")  # Aylin Demir, Ansprechpartnerin of a Kommune
    redaktion = session("gs-redaktion")  # Jonas Brenner
    redaktion.goto(f"{base}/")
    redaktion_before = unread(redaktion)

    ap.goto(f"{base}/massnahmen/neu/")
    ap.fill("#id_titel", "Boxtraining für Jugendliche in Buer")
    ap.select_option("#id_programm", "360")
    ap.select_option("#id_zielgruppe", "jugendliche")
    ap.select_option("#id_phase", "planung")
    ap.fill("#id_beginn", "2027-03-01")
    ap.fill("#id_ende", "2027-12-31")
    ap.fill("#id_kontakt_text", "Jugendamt Gelsenkirchen")
    ap.fill("#id_beschreibung", "Wöchentliches Boxtraining mit Sozialarbeit.")
    ap.get_by_role("button", name="Vorschlag einreichen").click()
    ap.wait_for_selector("text=Die Redaktion prüft ihn vor der Veröffentlichung.")
    massnahme = Massnahme.objects.get(titel="Boxtraining für Jugendliche in Buer")
    path = rf"/massnahmen/{massnahme.pk}/$"

    redaktion.goto(f"{base}/")
    assert unread(redaktion) == redaktion_before + 1
    open_notification(
        redaktion,
        base,
        "Maßnahme zur Prüfung (Gelsenkirchen): Boxtraining für Jugendliche in Buer",
        lands_on=path,
    )
    assert "Wöchentliches Boxtraining mit Sozialarbeit." in redaktion.locator("main").inner_text()
    redaktion.select_option("#id_entscheidung", "freigeben")
    redaktion.get_by_role("button", name="Entscheidung speichern").click()
    redaktion.wait_for_selector("text=Die Maßnahme ist freigegeben und erscheint im Katalog.")

    open_notification(
        ap, base, "Ihre Maßnahme wurde freigegeben: Boxtraining für Jugendliche in Buer", lands_on=path
    )
    assert "noch nicht im Katalog sichtbar" not in ap.locator("main").inner_text()
    massnahme.refresh_from_db()
    assert massnahme.status == "freigegeben"


def test_reported_post_names_the_reporter(session, live_server, seeded):
    from austausch.models import Beitrag, Meldung

    base = live_server.url
    beitrag = Beitrag.objects.get(
        thema__titel="Erfahrungen mit Untersagungen nach § 35 GewO?",
        autor=seeded.users["stadt-gelsenkirchen-mitglied"],  # Markus Hoffmann wrote it
    )
    reporter = session("hza-dortmund-mitglied")  # Daniel Krüger
    moderator = session("gs-admin")
    moderator.goto(f"{base}/")
    moderator_before = unread(moderator)

    reporter.goto(f"{base}/austausch/beitrag/{beitrag.pk}/melden/")
    reporter.fill("#grund", "Enthält den Klarnamen eines Zeugen.")
    reporter.get_by_role("button", name="Melden", exact=True).click()
    reporter.wait_for_selector("text=Danke. Die Moderation wurde informiert.")

    moderator.goto(f"{base}/")
    assert unread(moderator) == moderator_before + 1
    moderator.goto(f"{base}/benachrichtigungen/")
    assert "Beitrag gemeldet von Markus Hoffmann" not in moderator.locator("main").inner_text()
    meldung = Meldung.objects.get(beitrag=beitrag)
    open_notification(
        moderator,
        base,
        "Beitrag gemeldet von Daniel Krüger: Erfahrungen mit Untersagungen nach § 35 GewO?",
        lands_on=rf"/austausch/meldungen/#meldung-{meldung.pk}$",
    )
    # The entry opens the moderation queue at this report: reason and reporter next to the post's link.
    report = moderator.locator(f"#meldung-{meldung.pk}")
    assert "Enthält den Klarnamen eines Zeugen." in report.inner_text()
    assert "Daniel Krüger" in report.inner_text()
    post_link = report.get_by_role("link", name="Erfahrungen mit Untersagungen nach § 35 GewO?")
    assert post_link.get_attribute("href") == f"/austausch/beitrag/{beitrag.pk}/"
    report.get_by_role("button", name="Als erledigt markieren").click()
    moderator.wait_for_selector("text=Die Meldung ist erledigt.")
    assert moderator.locator(f"#meldung-{meldung.pk}").count() == 0
