"""The case pages at 360 px (issue #20 with the phone rule of issue #16): for the case lead and a named
participant, every page of a running case — with a released report and its links table, a Fallbesprechung
with a task and a cancelled one — has no horizontal scroll, shows <main> in the first quarter of the
screen, folds its filter form and has touch targets of at least 24 px. The links table reflows into
labelled rows. (The browser pass over every page type, tests/quality/test_every_page_type.py, also
visits one URL per analysen page type from the demo data, with axe.)"""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import browser_login
from tests.quality.phone import GOAL_TARGET, MEASURE_JS, MIN_TARGET, layout_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026!"


def _can_log_in(user) -> str:
    from accounts.authenticators import authenticator_totp_set, new_totp_secret

    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    secret = new_totp_secret()
    authenticator_totp_set(user=user, secret=secret)
    return secret


def test_case_pages_work_at_360_px(fall, pdf_upload, live_server, _playwright_browser):
    from analysen import services
    from demo.pages import ensure_home_page

    ensure_home_page()
    vorgang, lead = fall["vorgang"], fall["lead"]
    in_a_week = timezone.localdate() + datetime.timedelta(days=7)
    services.beitraege_anfordern(vorgang=vorgang, by=lead, frist=in_a_week)
    services.beitrag_einreichen(
        vorgang=vorgang, by=fall["b1"], text="Erkenntnis " * 40, quellenkategorie="kommunal",
        rechtsgrundlage="§ 27 PolG NRW", uploads=[pdf_upload("Vermerk mit einem recht langen Dateinamen.pdf")],
    )  # fmt: skip
    bericht = services.bericht_speichern(
        vorgang=vorgang, by=lead, fragestellung="Wer steht hinter den Bars?", quellen="Beiträge",
        erkenntnisse="Ein gemeinsamer Vorbetreiber.", empfehlungen="Kontrolle.", pdf_upload=pdf_upload(),
        verbindungen=[
            {"von_name": "Maximilian Mustermann-Langname", "von_art": "person", "beziehung": "Geschäftsführer und Gesellschafter",
             "zu_name": "XY Immobilienverwaltungsgesellschaft mbH", "zu_art": "firma", "quelle": "Handelsregister Gelsenkirchen HRB 12345"},
            {"von_name": "XY Immobilienverwaltungsgesellschaft mbH", "von_art": "firma", "beziehung": "Eigentümerin",
             "zu_name": "Hochstraße 5, 45894 Gelsenkirchen-Buer", "zu_art": "ort", "quelle": ""},
        ],
    )  # fmt: skip
    services.bericht_einreichen(bericht=bericht, by=lead)
    services.bericht_freigeben(bericht=bericht, by=fall["gs2"])
    beginn = timezone.now() + datetime.timedelta(days=2)
    besprechung = services.fallbesprechung_ansetzen(
        vorgang=vorgang, by=lead, beginn=beginn, dauer_minuten=60, ort="Polizeipräsidium Essen, Raum 4",
        video_link="https://konferenz.example/fallbesprechung-buer", tagesordnung="1. Lage\n2. Kontrolle",
        eingeladene=[fall["requester"], fall["b1"]],
    )  # fmt: skip
    services.aufgabe_anlegen(besprechung=besprechung, by=lead, was="Kontrolle vorbereiten", behoerde=fall["b"], frist=in_a_week)  # fmt: skip
    abgesagt = services.fallbesprechung_ansetzen(
        vorgang=vorgang, by=lead, beginn=beginn + datetime.timedelta(days=1), dauer_minuten=60, ort="Rathaus",
        video_link="", tagesordnung="TOP 1", eingeladene=[fall["b1"]],
    )  # fmt: skip
    services.fallbesprechung_absagen(besprechung=abgesagt, by=lead)
    v, f = vorgang.pk, besprechung.pk
    bet = vorgang.beteiligungen.get(behoerde=fall["b"]).pk
    pages = {
        "lead": [
            "/analysen/", "/analysen/neu/", f"/analysen/{v}/", f"/analysen/{v}/bericht/",
            f"/analysen/{v}/bericht/abrufe/", f"/analysen/{v}/fallbesprechung/",
            f"/analysen/fallbesprechung/{f}/aendern/", f"/analysen/fallbesprechung/{f}/absagen/",
            f"/analysen/fallbesprechung/{f}/protokoll/", f"/analysen/fallbesprechung/{f}/aufgabe/",
            f"/analysen/{v}/beteiligte/{bet}/entfernen/", f"/analysen/{v}/abschliessen/",
            f"/analysen/{v}/loeschfrist/",
        ],
        "b1": ["/analysen/", f"/analysen/{v}/", f"/analysen/{v}/beitrag/"],
        "requester": [f"/analysen/{v}/", f"/analysen/{v}/bericht/abrufe/"],
    }  # fmt: skip
    failures = {}
    for who, paths in pages.items():
        secret = _can_log_in(fall[who])
        context = _playwright_browser.new_context(locale="de-DE", viewport={"width": 360, "height": 740})
        context.set_default_timeout(15000)
        tab = context.new_page()
        browser_login(tab, live_server.url, fall[who].email, PASSWORD, secret)
        for path in paths:
            response = tab.goto(live_server.url + path)
            assert response.status == 200, (who, path, response.status)
            facts = tab.evaluate(MEASURE_JS, [MIN_TARGET, GOAL_TARGET])
            problems = layout_problems(facts)
            # The content itself is on screen: the page's heading is visible.
            if not tab.locator("main h1").first.is_visible():
                problems.append("main h1 not visible")
            if problems:
                failures[f"{who} {path}"] = problems
        if who == "b1":
            tab.goto(f"{live_server.url}/analysen/{v}/")
            # The links table reflows: one labelled block per row, the header row hidden.
            row = tab.locator("table.verbindungen tbody tr").first
            assert row.evaluate("el => getComputedStyle(el).display") == "block"
            label = row.locator("td").first.evaluate("el => getComputedStyle(el, '::before').content")
            assert label == '"von: "'
            assert (
                tab.locator("table.verbindungen thead").evaluate("el => el.getBoundingClientRect().width")
                <= 1
            )
            tab.screenshot(path="var/screenshot-analysen-360.png", full_page=True)
        context.close()
    report = "\n".join(f"{page}: {'; '.join(problems)}" for page, problems in failures.items())
    assert not failures, report
