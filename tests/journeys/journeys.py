"""The write journeys of a day in the portal, each through the real forms over HTTP.

Each journey has a `write` part (forms) and a `check` part (lists, search, filters, detail pages as
the people who may and may not see the new object). `run_journeys` runs them either journey by
journey (after the warm crawl: lists were in the cache before any form) or in the opposite order with
all forms first and every list and filter after. A failing step is reported as
"<journey> / <step>: <what happened>" and ends that journey; the others still run.
"""

from __future__ import annotations

import datetime
import io
import random
import re
import string
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from urllib.parse import urlencode

from .browser import Browser, Form, describe, parse_forms
from .conftest import PEOPLE as PEOPLE_EMAILS

# --- the day ---------------------------------------------------------------------------------


class StepFailed(AssertionError):
    pass


class Day:
    """People with their browsers, a token that makes this run's objects findable, the findings."""

    def __init__(self, base_url: str, installation, *, token: str):
        self.base_url = base_url
        self.installation = installation
        # Letters only: survives every search normalisation (stemming, umlauts, digits).
        self.phase = token
        self.token = "tag" + token + "".join(random.choice(string.ascii_lowercase) for _ in range(6))
        self._browsers: dict[str, Browser] = {}
        self.failures: list[str] = []
        self.journey = ""
        self.step_name = ""

    def browser(self, person: str) -> Browser:
        if person not in self._browsers:
            self._browsers[person] = Browser(
                self.base_url, label=person, cookies=self.installation.cookies[person]
            )
        return self._browsers[person]

    @contextmanager
    def step(self, name: str):
        self.step_name = name
        try:
            yield
        except AssertionError as exc:
            raise StepFailed(f"{self.journey} / {name}: {exc}") from exc
        except Exception as exc:  # a crash of the test code itself is reported like a failed step
            detail = "".join(traceback.format_exception_only(exc)).strip()
            raise StepFailed(f"{self.journey} / {name}: {detail}") from exc

    # --- checks shared by the journeys ----------------------------------------------------------

    def expect_redirect(self, response, what: str) -> str:
        assert response.status_code in (302, 303), f"{what}: {describe(response)}"
        return response.headers["Location"]

    def sees(self, person: str, path: str, text: str, *, where: str) -> None:
        response = self.browser(person).get(path)
        assert response.status_code == 200, f"{where} ({path}) als {person}: {describe(response)}"
        assert text in response.text, f"{where} ({path}): {person} sieht „{text}“ nicht"

    def does_not_see(self, person: str, path: str, text: str, *, where: str) -> None:
        response = self.browser(person).get(path)
        assert response.status_code in (200, 404), f"{where} ({path}) als {person}: {describe(response)}"
        assert text not in response.text, f"{where} ({path}): {person} sieht „{text}“, darf es aber nicht"

    def detail(self, person: str, path: str, *, visible: bool) -> None:
        response = self.browser(person).get(path)
        expected = 200 if visible else 404
        assert response.status_code == expected, (
            f"Detailseite {path} als {person}: {describe(response)}, erwartet {expected}"
        )

    def search(self, person: str, text: str, *, found: bool) -> None:
        path = "/suche/?" + urlencode({"q": self.token})
        if found:
            self.sees(person, path, text, where="Suche")
        else:
            self.does_not_see(person, path, text, where="Suche")


def pdf_bytes(title: str) -> bytes:
    """A real PDF (the upload pipeline checks the content, not the name)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, title)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def required_selects(form: Form, data: dict) -> dict:
    """Pick the first real option of single selects the form leaves empty (as a person must)."""
    for name, field in form.fields.items():
        if field.kind == "select" and not field.multiple and name not in data:
            current = [o for o in field.options if o.selected]
            if (not current or current[0].value == "") and any(o.value for o in field.options):
                data[name] = next(o.value for o in field.options if o.value)
    return data


def pk_from(location: str, pattern: str) -> int:
    match = re.search(pattern, location)
    assert match, f"Weiterleitung {location} passt nicht zu {pattern}"
    return int(match.group(1))


# --- journeys ----------------------------------------------------------------------------------


class Journey:
    name = ""

    def write(self, day: Day) -> None:
        raise NotImplementedError

    def check(self, day: Day) -> None:
        raise NotImplementedError


class LagebildJourney(Journey):
    """Upload a Lagebild with a Fachgebiet and one kind of visibility; who sees it in list, search and
    detail; the Fachgebiet filter of the list."""

    def __init__(
        self,
        key: str,
        *,
        sichtbarkeit: str,
        klassifikation: str = "offen",
        ziel: str = "",
        readers: tuple[str, ...],
        outsiders: tuple[str, ...],
    ):
        self.name = f"Lagebild hochladen ({key})"
        self.key = key
        self.sichtbarkeit = sichtbarkeit
        self.klassifikation = klassifikation
        self.ziel = ziel
        self.readers = readers
        self.outsiders = outsiders
        self.path = ""

    def write(self, day: Day) -> None:
        self.title = f"Lagebild Rotlicht {self.key} {day.token}"
        browser = day.browser("mitglied")
        with day.step("Formular öffnen"):
            form, _response = browser.form("/lagebilder/neu/")
        with day.step("Formular absenden (Fachgebiet Rotlicht)"):
            changes = {
                "titel": self.title,
                "zusammenfassung": f"Zusammenfassung {day.token}: Kontrollen im Rotlichtmilieu.",
                "zeitraum_von": "2026-10-01",
                "zeitraum_bis": "2026-10-31",
                "fachgebiete": [form.value_for_label("fachgebiete", "Rotlicht")],
                "klassifikation": self.klassifikation,
                "sichtbarkeit": self.sichtbarkeit,
                "region": form.value_for_label("region", "Essen"),
            }
            if self.sichtbarkeit == "behoerden":
                changes["behoerden"] = [form.value_for_label("behoerden", self.ziel)]
            if self.sichtbarkeit == "arbeitskreise":
                changes["arbeitskreise"] = [form.value_for_label("arbeitskreise", self.ziel)]
            response = browser.submit(
                form,
                "/lagebilder/neu/",
                changes=changes,
                files={"datei": (f"lagebild-{self.key}.pdf", pdf_bytes(self.title), "application/pdf")},
            )
            location = day.expect_redirect(response, "Lagebild speichern")
            self.path = "/lagebilder/" + str(pk_from(location, r"/lagebilder/(\d+)/")) + "/"

    def check(self, day: Day) -> None:
        with day.step("Detailseite für die Berechtigten"):
            for person in ("mitglied", *self.readers):
                day.detail(person, self.path, visible=True)
            if self.klassifikation == "vs_nfd":
                day.sees("mitglied", self.path, "NUR FÜR DEN DIENSTGEBRAUCH", where="VS-NfD-Kennzeichnung")
        with day.step("Detailseite für Unbeteiligte (404)"):
            for person in self.outsiders:
                day.detail(person, self.path, visible=False)
        with day.step("Liste"):
            for person in self.readers:
                day.sees(person, "/lagebilder/", self.title, where="Lagebilder-Liste")
            for person in self.outsiders:
                day.does_not_see(person, "/lagebilder/", self.title, where="Lagebilder-Liste")
        with day.step("Suche"):
            for person in self.readers:
                day.search(person, self.title, found=True)
            for person in self.outsiders:
                day.search(person, self.title, found=False)
        with day.step("Filter Fachgebiet"):
            browser = day.browser(self.readers[0])
            form, _response = browser.form("/lagebilder/", match=lambda f: "fachgebiet" in f.fields)
            rotlicht = form.value_for_label("fachgebiet", "Rotlicht")
            shisha = form.value_for_label("fachgebiet", "Shisha")
            response = browser.submit(form, "/lagebilder/", changes={"fachgebiet": rotlicht})
            assert response.status_code == 200, f"?fachgebiet={rotlicht}: {describe(response)}"
            assert self.title in response.text, (
                f"?fachgebiet={rotlicht} zeigt das neue Rotlicht-Lagebild nicht"
            )
            # A demo report on Shisha only that everybody may see must not be among the Rotlicht rows.
            assert "Lagebild Shisha-Bars Essen, 3. Quartal 2026" not in response.text, (
                f"?fachgebiet={rotlicht} zeigt auch ein Shisha-Lagebild: der Filter filtert nicht"
            )
            response = browser.submit(form, "/lagebilder/", changes={"fachgebiet": shisha})
            assert response.status_code == 200, f"?fachgebiet={shisha}: {describe(response)}"
            assert self.title not in response.text, f"?fachgebiet={shisha} zeigt das Rotlicht-Lagebild"


class LagebildVersionJourney(Journey):
    name = "Lagebild: neue Version"

    def __init__(self, lagebild: LagebildJourney):
        self.lagebild = lagebild

    def write(self, day: Day) -> None:
        assert self.lagebild.path, "das Lagebild fehlt (Upload fehlgeschlagen)"
        self.hinweis = f"Nachtrag Oktober {day.token}"
        browser = day.browser("mitglied")
        path = self.lagebild.path + "version/neu/"
        with day.step("Formular öffnen"):
            form, _response = browser.form(path)
        with day.step("Version hochladen"):
            response = browser.submit(
                form,
                path,
                changes={"aenderungshinweis": self.hinweis},
                files={"datei": ("version-2.pdf", pdf_bytes(self.hinweis), "application/pdf")},
            )
            day.expect_redirect(response, "Version hochladen")

    def check(self, day: Day) -> None:
        with day.step("Detailseite zeigt die Version"):
            for person in ("mitglied", *self.lagebild.readers):
                day.sees(person, self.lagebild.path, self.hinweis, where="Lagebild-Versionen")
        with day.step("Unbeteiligte: 404"):
            for person in self.lagebild.outsiders:
                day.detail(person, self.lagebild.path + "download/", visible=False)


class BoardJourney(Journey):
    """Start a thread with Fachgebiet and attachment, reply, edit, report."""

    name = "Austausch: Thema, Antwort, Bearbeiten, Melden"

    def write(self, day: Day) -> None:
        self.title = f"Erfahrungen Rotlicht-Kontrollen {day.token}"
        author, replier = day.browser("mitglied"), day.browser("mitglied-gelsenkirchen")
        path = "/austausch/bereich/allgemein/neu/"
        with day.step("Thema: Formular öffnen"):
            form, _response = author.form(path)
        with day.step("Thema mit Fachgebiet Rotlicht und Anhang anlegen"):
            data = required_selects(
                form,
                {
                    "titel": self.title,
                    "text": f"Wer hat Erfahrungen mit Kontrollen? {day.token}",
                    "fachgebiete": [form.value_for_label("fachgebiete", "Rotlicht")],
                },
            )
            response = author.submit(
                form,
                path,
                changes=data,
                files={"anhaenge": ("checkliste.pdf", pdf_bytes("Checkliste"), "application/pdf")},
            )
            location = day.expect_redirect(response, "Thema anlegen")
            self.thema = "/austausch/thema/" + str(pk_from(location, r"/austausch/thema/(\d+)/")) + "/"
        with day.step("Antworten"):
            form, _response = replier.form(self.thema, match=lambda f: f.action.endswith("/antworten/"))
            self.reply_text = f"Antwort aus Gelsenkirchen {day.token}"
            response = replier.submit(form, self.thema, changes={"text": self.reply_text})
            location = day.expect_redirect(response, "Antwort")
            self.reply = pk_from(location, r"beitrag[-/](\d+)")
        with day.step("Eigenen Beitrag bearbeiten"):
            page = author.page(self.thema).text
            edit = re.search(r'href="(/austausch/beitrag/\d+/)bearbeiten/"', page)
            assert edit, "kein Bearbeiten-Link am eigenen Beitrag"
            self.first_post = edit.group(1)
            form, _response = author.form(self.first_post + "bearbeiten/")
            self.edited_text = f"Ergänzt: Checkliste im Anhang {day.token}"
            response = author.submit(
                form, self.first_post + "bearbeiten/", changes={"text": self.edited_text}
            )
            day.expect_redirect(response, "Beitrag bearbeiten")
        with day.step("Beitrag melden"):
            path = f"/austausch/beitrag/{self.reply}/melden/"
            form, _response = author.form(path)
            response = author.submit(form, path, changes={"grund": f"Bitte prüfen {day.token}"})
            day.expect_redirect(response, "Beitrag melden")

    def check(self, day: Day) -> None:
        with day.step("Bereichsliste"):
            for person in ("mitglied", "mitglied-gelsenkirchen", "geschaeftsstelle"):
                day.sees(person, "/austausch/bereich/allgemein/", self.title, where="Bereich Allgemein")
        with day.step("Thema zeigt Antwort, Änderung und Anhang"):
            page = day.browser("mitglied-zoll").page(self.thema).text
            assert self.reply_text in page and self.edited_text in page
            assert "checkliste.pdf" in page, "der Anhang fehlt im Thema"
        with day.step("Suche"):
            day.search("mitglied-zoll", self.title, found=True)
        with day.step("Meldung bei der Moderation"):
            day.sees("geschaeftsstelle", "/austausch/meldungen/", self.title, where="Moderation: Meldungen")


class MeldungJourney(Journey):
    """Fill in the own authority's Meldung of the open campaign, then import the XLSX template."""

    name = "Erhebung: Meldung und XLSX-Import"

    def write(self, day: Day) -> None:
        browser = day.browser("ap-gelsenkirchen")
        with day.step("Offene Erhebung finden"):
            index = browser.page("/erhebungen/").text
            links = sorted(
                set(re.findall(r'href="/erhebungen/(\d+)/meldung/"', index)), key=int, reverse=True
            )
            assert links, "keine Erhebung mit „meine Meldung“ auf /erhebungen/"
            for pk in links:  # the open campaign: its Meldung has an editable form
                location = day.expect_redirect(
                    browser.get(f"/erhebungen/{pk}/meldung/"), "Meine Meldung öffnen"
                )
                if "wert_" in browser.page(location).text:
                    self.erhebung, self.path = int(pk), location
                    break
            else:
                raise AssertionError(f"keine der Meldungen {links} lässt sich bearbeiten")
        with day.step("Werte eintragen und speichern"):
            form, _response = browser.form(
                self.path, match=lambda f: any(n.startswith("wert_") for n in f.fields)
            )
            changes = {}
            for name, field in form.fields.items():
                if not name.startswith("wert_"):
                    continue
                if field.kind == "select":
                    changes[name] = next(o.value for o in field.options if o.value)
                else:
                    changes[name] = "7"
            self.erkenntnis = f"Erkenntnis {day.token}"
            for name in form.fields:
                if name.startswith("erkenntnis_"):
                    changes[name] = self.erkenntnis
                    break
            response = browser.submit(form, self.path, changes=changes, button=("aktion", "speichern"))
            day.expect_redirect(response, "Entwurf speichern")
            page = browser.page(self.path).text
            assert self.erkenntnis in page, "die gespeicherte Erkenntnis fehlt in der Meldung"
        with day.step("XLSX-Vorlage laden, ausfüllen und importieren"):
            import openpyxl

            response = browser.get(f"/erhebungen/{self.erhebung}/vorlage.xlsx")
            assert response.status_code == 200, f"Vorlage: {describe(response)}"
            book = openpyxl.load_workbook(io.BytesIO(response.content))
            sheet = book.active
            numbers = 0
            for row in sheet.iter_rows(min_row=2):
                value = row[3].value
                if row[0].value and (isinstance(value, int | float) or str(value).replace(",", "").isdigit()):
                    row[3].value = 11  # the numbers saved above (7) change; ja/nein and choices stay
                    numbers += 1
            assert numbers, "die Vorlage enthält keine Zahlenwerte der gespeicherten Meldung"
            out = io.BytesIO()
            book.save(out)
            form, _page = browser.form(self.path, match=lambda f: f.action.endswith("/import/"))
            response = browser.submit(
                form,
                self.path,
                files={
                    "datei": (
                        "meldung.xlsx",
                        out.getvalue(),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    )
                },
            )
            preview = day.expect_redirect(response, "Import")
            assert preview.rstrip("/").endswith("/import/vorschau"), f"Import ohne Vorschau: {preview}"
            form, page = browser.form(preview, match=lambda f: f.action.endswith("/import/vorschau/"))
            assert "Änderungen übernehmen" in page.text, "die Vorschau bietet keine Übernahme an"
            response = browser.submit(form, preview, button=("uebernehmen", "1"))
            day.expect_redirect(response, "Import übernehmen")
            page = browser.page(self.path).text
            assert "in den Entwurf übernommen" in page, "Import nicht bestätigt: " + " | ".join(
                re.findall(r'class="message message--error">([^<]*)<', page)
                + re.findall(r"<li>([^<]*)</li>", page.split("nicht übernommen")[-1])[:5]
            )

    def check(self, day: Day) -> None:
        with day.step("Kollegin sieht die Meldung, andere Behörde nicht"):
            day.sees("mitglied-gelsenkirchen", self.path, self.erkenntnis, where="Meldung")
            day.detail("mitglied", self.path, visible=False)
        with day.step("Geschäftsstelle sieht die Meldung"):
            day.sees("geschaeftsstelle", self.path, self.erkenntnis, where="Meldung (Geschäftsstelle)")


class VeranstaltungJourney(Journey):
    name = "Veranstaltung: Anmeldung"

    def write(self, day: Day) -> None:
        # Each run registers somebody else (a person registered once sees the cancel form instead).
        self.person = "mitglied-zoll" if day.phase == "warm" else "ap-gelsenkirchen"
        browser = day.browser(self.person)
        day.event_page = find_event_page(day, self.person)
        with day.step("Veranstaltung mit Anmeldung finden"):
            self.page = day.event_page
            assert self.page, "keine Veranstaltungsseite mit Anmeldeformular im Crawl gefunden"
        with day.step("Anmelden"):
            form, _response = browser.form(self.page, match=lambda f: "/anmelden/" in f.action)
            self.event = pk_from(form.action, r"/kalender/(\d+)/anmelden/")
            response = browser.submit(form, self.page)
            day.expect_redirect(response, "Anmeldung")

    def check(self, day: Day) -> None:
        with day.step("Seite zeigt die Anmeldung"):
            day.sees(self.person, self.page, f"/kalender/{self.event}/abmelden/", where="Veranstaltung")
        with day.step("Teilnehmendenliste der Geschäftsstelle"):
            name = day.installation.names[self.person]
            day.sees("geschaeftsstelle", f"/kalender/{self.event}/teilnehmende/", name, where="Teilnehmende")


class AnfrageJourney(Journey):
    name = "Anfrage an die Geschäftsstelle"

    def write(self, day: Day) -> None:
        browser = day.browser("ansprechpartner")
        self.betreff = f"Anfrage 360-Grad {day.token}"
        with day.step("Formular öffnen"):
            form, _response = browser.form("/austausch/anfragen/neu/")
        with day.step("Anfrage stellen"):
            data = required_selects(
                form,
                {
                    "betreff": self.betreff,
                    "beschreibung": "Bitte um Analyse des Netzwerks rund um eine Shisha-Bar.",
                    "rechtsgrundlage": "§ 8 PolG NRW",
                    "kontakt": "KHK'in Kowalski, 0201 829-0",
                },
            )
            response = browser.submit(form, "/austausch/anfragen/neu/", changes=data)
            location = day.expect_redirect(response, "Anfrage")
            self.path = "/austausch/anfragen/" + str(pk_from(location, r"/anfragen/(\d+)/")) + "/"

    def check(self, day: Day) -> None:
        with day.step("Liste der Behörde und Verwaltung der Geschäftsstelle"):
            day.sees("ansprechpartner", "/austausch/anfragen/", self.betreff, where="Anfragen")
            day.sees(
                "geschaeftsstelle",
                "/austausch/anfragen/verwaltung/",
                self.betreff,
                where="Anfragen-Verwaltung",
            )
        with day.step("Andere Behörde: 404"):
            day.detail("mitglied-gelsenkirchen", self.path, visible=False)
            day.does_not_see("mitglied-gelsenkirchen", "/austausch/anfragen/", self.betreff, where="Anfragen")


class MassnahmeJourney(Journey):
    name = "Prävention: Maßnahme vorschlagen"

    def write(self, day: Day) -> None:
        browser = day.browser("ap-gelsenkirchen")
        self.title = f"Elterncafé Schalke {day.token}"
        with day.step("Formular öffnen"):
            form, _response = browser.form("/massnahmen/neu/")
        with day.step("Vorschlag absenden"):
            data = required_selects(
                form,
                {
                    "titel": self.title,
                    "beschreibung": "Niedrigschwelliges Angebot für Eltern im Quartier.",
                    "kontakt_text": "Aylin Demir",
                    "beginn": "2026-11-01",
                    "ende": "2027-03-31",
                },
            )
            response = browser.submit(form, "/massnahmen/neu/", changes=data)
            location = day.expect_redirect(response, "Maßnahme")
            self.path = "/massnahmen/" + str(pk_from(location, r"/massnahmen/(\d+)/")) + "/"

    def check(self, day: Day) -> None:
        with day.step("Prüfliste der Redaktion"):
            day.sees("redaktion", "/massnahmen/pruefung/", self.title, where="Prüfliste")
        with day.step("Vorschlag ist noch nicht im öffentlichen Katalog"):
            day.does_not_see("mitglied", "/massnahmen/", self.title, where="Maßnahmenkatalog")
            day.detail("ap-gelsenkirchen", self.path, visible=True)


class ProfilJourney(Journey):
    name = "Profil speichern"

    def write(self, day: Day) -> None:
        browser = day.browser("mitglied-zoll")
        self.funktion = f"Zollinspektor {day.token}"
        with day.step("Formular öffnen"):
            form, _response = browser.form("/konto/profil/", match=lambda f: "funktion" in f.fields)
        with day.step("Speichern"):
            response = browser.submit(form, "/konto/profil/", changes={"funktion": self.funktion})
            day.expect_redirect(response, "Profil")

    def check(self, day: Day) -> None:
        with day.step("Profil zeigt die neue Funktion"):
            day.sees("mitglied-zoll", "/konto/profil/", self.funktion, where="Profil")


class NewsletterJourney(Journey):
    name = "Newsletter-Einstellungen"

    def write(self, day: Day) -> None:
        browser = day.browser("redaktion")
        with day.step("Formular öffnen"):
            form, _response = browser.form(
                "/newsletter/einstellungen/", match=lambda f: "fachgebiete" in f.fields
            )
        with day.step("Fachgebiet Rotlicht wählen"):
            self.value = form.value_for_label("fachgebiete", "Rotlicht")
            response = browser.submit(
                form, "/newsletter/einstellungen/", changes={"aktiv": "on", "fachgebiete": [self.value]}
            )
            day.expect_redirect(response, "Einstellungen")

    def check(self, day: Day) -> None:
        with day.step("Auswahl bleibt gespeichert"):
            form, _response = day.browser("redaktion").form(
                "/newsletter/einstellungen/", match=lambda f: "fachgebiete" in f.fields
            )
            chosen = [o.label for o in form.fields["fachgebiete"].options if o.selected]
            assert len(chosen) == 1 and "Rotlicht" in chosen[0], f"gespeichert angezeigt: {chosen}"


class EinladungJourney(Journey):
    name = "Kollegin einladen"

    def write(self, day: Day) -> None:
        browser = day.browser("ansprechpartner")
        self.email = f"neu.{day.token}@pp-essen.nrw.de"
        with day.step("Formular öffnen"):
            form, _response = browser.form("/konto/personen/einladen/")
        with day.step("Einladung senden"):
            response = browser.submit(form, "/konto/personen/einladen/", changes={"email": self.email})
            day.expect_redirect(response, "Einladung")

    def check(self, day: Day) -> None:
        with day.step("Offene Einladung in der Personenliste"):
            day.sees("ansprechpartner", "/konto/personen/", self.email, where="Personen")
            day.sees("geschaeftsstelle", "/konto/personen/", self.email, where="Personen (Geschäftsstelle)")
        with day.step("Andere Behörde sieht sie nicht"):
            day.does_not_see("ap-gelsenkirchen", "/konto/personen/", self.email, where="Personen")


class AnalyseJourney(Journey):
    """A 360°-Analyse opened by the Geschäftsstelle with two authorities, a person named for each, the
    contributions requested and one delivered: the case is seen by the named people and the
    Geschäftsstelle only, and never in search or on the start page."""

    name = "360°-Analyse"
    participants = {"Polizeipräsidium Essen": "mitglied", "Stadt Gelsenkirchen": "mitglied-gelsenkirchen"}

    def write(self, day: Day) -> None:
        gs = day.browser("geschaeftsstelle")
        self.betreff = f"Analyse Netzwerk {day.token}"
        self.beitrag = f"Beitrag Vorbetreiber {day.token}"
        with day.step("Vorgang eröffnen"):
            form, _response = gs.form("/analysen/neu/")
            data = {
                "betreff": self.betreff,
                "zweck": "Netzwerk der Betreiber dreier Shisha-Bars.",
                "rechtsgrundlage": "§ 35 GewO",
                "loeschfrist": (datetime.date.today() + datetime.timedelta(days=365)).isoformat(),
                "behoerden": [form.value_for_label("behoerden", name) for name in self.participants],
            }
            response = gs.submit(form, "/analysen/neu/", changes=required_selects(form, data))
            location = day.expect_redirect(response, "Vorgang eröffnen")
            self.path = "/analysen/" + str(pk_from(location, r"/analysen/(\d+)/")) + "/"
        with day.step("Personen benennen"):
            page = gs.page(self.path).text
            for behoerde, person in self.participants.items():
                match = re.search(
                    rf"<strong>{re.escape(behoerde)}</strong>.*?action=\"(/analysen/\d+/beteiligte/\d+/person/)\"",
                    page,
                    re.DOTALL,
                )
                assert match, f"kein Formular „Person benennen“ für {behoerde}"
                action = match.group(1)
                form, _response = gs.form(self.path, match=lambda f, action=action: f.action == action)
                email = PEOPLE_EMAILS[person]
                day.expect_redirect(gs.submit(form, self.path, changes={"email": email}), "Person benennen")
            day.sees("geschaeftsstelle", self.path, day.installation.names["mitglied"], where="Vorgang")
        with day.step("Beiträge anfordern"):
            form, _response = gs.form(self.path, match=lambda f: f.action.endswith("/anfordern/"))
            frist = (datetime.date.today() + datetime.timedelta(days=14)).isoformat()
            day.expect_redirect(gs.submit(form, self.path, changes={"frist": frist}), "Anfordern")
        with day.step("Beitrag der Polizei übermitteln"):
            browser = day.browser("mitglied")
            form, _response = browser.form(self.path + "beitrag/")
            data = required_selects(form, {"text": self.beitrag, "rechtsgrundlage": "§ 27 PolG NRW"})
            response = browser.submit(form, self.path + "beitrag/", changes=data)
            day.expect_redirect(response, "Beitrag")

    def check(self, day: Day) -> None:
        with day.step("Benannte Personen und Geschäftsstelle sehen den Vorgang"):
            for person in ("geschaeftsstelle", *self.participants.values()):
                day.sees(person, "/analysen/", self.betreff, where="Analysen")
                day.detail(person, self.path, visible=True)
            day.sees("geschaeftsstelle", self.path, self.beitrag, where="Vorgang")
        with day.step("Nicht benannt oder nicht beteiligt: 404 und nicht in der Liste"):
            for person in ("ansprechpartner", "mitglied-zoll", "redaktion"):
                day.detail(person, self.path, visible=False)
                day.does_not_see(person, "/analysen/", self.betreff, where="Analysen")
        with day.step("Nie in der Suche oder auf der Startseite"):
            for person in ("geschaeftsstelle", "mitglied"):
                day.search(person, self.betreff, found=False)
                day.does_not_see(person, "/", self.betreff, where="Startseite")


class FilterJourney(Journey):
    """Filters of lists whose options come from the shared cache: each still filters."""

    name = "Filter der Listen"

    def __init__(self, offen: LagebildJourney, vsnfd: LagebildJourney):
        self.offen, self.vsnfd = offen, vsnfd

    def write(self, day: Day) -> None:
        """Nothing to write: the filters are checked after the other journeys' writes."""

    def check(self, day: Day) -> None:
        browser = day.browser("mitglied")
        with day.step("Lagebilder: Einstufung VS-NfD"):
            assert self.offen.path and self.vsnfd.path, "die Lagebilder fehlen (Upload fehlgeschlagen)"
            form, _response = browser.form("/lagebilder/", match=lambda f: "klassifikation" in f.fields)
            value = form.value_for_label("klassifikation", "DIENSTGEBRAUCH")
            response = browser.submit(form, "/lagebilder/", changes={"klassifikation": value})
            assert response.status_code == 200, f"?klassifikation={value}: {describe(response)}"
            assert self.vsnfd.title in response.text, (
                f"?klassifikation={value} zeigt das VS-NfD-Lagebild nicht"
            )
            assert self.offen.title not in response.text, (
                f"?klassifikation={value} zeigt ein offenes Lagebild"
            )
        with day.step("Behördenverzeichnis: Kreis Gelsenkirchen"):
            form, response = browser.form("/behoerden/", match=lambda f: "kreis" in f.fields)
            total = _directory_total(response.text)
            value = form.value_for_label("kreis", "Gelsenkirchen")
            response = browser.submit(form, "/behoerden/", changes={"kreis": value})
            assert response.status_code == 200, f"?kreis={value}: {describe(response)}"
            assert "ungültig" not in response.text, (
                f"?kreis={value} (aus dem Filterformular) gilt als ungültig"
            )
            assert "Stadt Gelsenkirchen" in response.text, (
                f"?kreis={value} zeigt die Stadt Gelsenkirchen nicht"
            )
            assert _directory_total(response.text) < total, f"?kreis={value} filtert nicht ({total} Behörden)"


def _directory_total(html: str) -> int:
    match = re.search(r'<p role="status">\s*([\d.]+) Behörde', html)
    assert match, "keine Trefferzahl im Behördenverzeichnis"
    return int(match.group(1).replace(".", ""))


def journeys() -> list[Journey]:
    eigene = LagebildJourney(
        "eigene Behörde",
        sichtbarkeit="eigene_behoerde",
        readers=("ansprechpartner",),
        outsiders=("mitglied-gelsenkirchen", "mitglied-zoll"),
    )
    vsnfd = LagebildJourney(
        "VS-NfD eigene Behörde",
        sichtbarkeit="eigene_behoerde",
        klassifikation="vs_nfd",
        readers=("ansprechpartner",),
        outsiders=("mitglied-gelsenkirchen",),
    )
    return [
        eigene,
        LagebildJourney(
            "benannte Behörde",
            sichtbarkeit="behoerden",
            ziel="Stadt Gelsenkirchen",
            readers=("ansprechpartner", "mitglied-gelsenkirchen"),
            outsiders=("mitglied-zoll",),
        ),
        LagebildJourney(
            "Arbeitskreis Shisha",
            sichtbarkeit="arbeitskreise",
            ziel="Shisha",
            # Members of the Arbeitskreis Shisha (the Gelsenkirchen AP leads it); the Redaktion is not.
            readers=("mitglied-zoll", "ap-gelsenkirchen"),
            outsiders=("redaktion",),
        ),
        LagebildJourney(
            "alle Partner",
            sichtbarkeit="alle_partner",
            readers=("mitglied-gelsenkirchen", "mitglied-zoll"),
            outsiders=(),
        ),
        vsnfd,
        LagebildVersionJourney(eigene),
        BoardJourney(),
        MeldungJourney(),
        VeranstaltungJourney(),
        AnfrageJourney(),
        MassnahmeJourney(),
        ProfilJourney(),
        NewsletterJourney(),
        EinladungJourney(),
        AnalyseJourney(),
        FilterJourney(eigene, vsnfd),
    ]


def _run(day: Day, journey: Journey, part: Callable[[Day], None], broken: set[str]) -> None:
    if journey.name in broken:
        return
    day.journey = journey.name
    try:
        part(day)
    except StepFailed as exc:
        day.failures.append(str(exc))
        broken.add(journey.name)


def run_journeys(day: Day, *, lists_first: bool) -> list[str]:
    """Run every journey; return the failed steps ("<journey> / <step>: <detail>")."""
    todo = journeys()
    broken: set[str] = set()
    if lists_first:
        for journey in todo:
            _run(day, journey, journey.write, broken)
            _run(day, journey, journey.check, broken)
    else:
        todo.reverse()
        # A version needs its Lagebild first, whatever the order of the rest.
        todo.sort(key=lambda j: isinstance(j, LagebildVersionJourney | FilterJourney))
        for journey in todo:
            _run(day, journey, journey.write, broken)
        for journey in todo:
            _run(day, journey, journey.check, broken)
    return day.failures


def find_event_page(day: Day, person: str) -> str:
    """A Veranstaltung page of the inventory with a registration form for the person."""
    browser = day.browser(person)
    for item in day.installation.inventory:
        if item.kind == "page" and "Veranstaltung" in item.name:
            response = browser.get(item.path)
            if response.status_code == 200 and any(
                "/anmelden/" in f.action for f in parse_forms(response.text)
            ):
                return item.path
    return ""
