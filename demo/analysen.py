"""Demo: two 360°-Analysen — one VS-NfD case from the Gelsenkirchen Anfrage with contributions, a
reminder, a Fallbesprechung with released minutes and open (one overdue) tasks; one closed case of the
Geschäftsstelle's own initiative with a released report (four eyes: a second Geschäftsstelle account)."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from analysen.models import (
    AnalyseBeitrag,
    Analysevorgang,
    Aufgabe,
    Auswertebericht,
    BeitragDatei,
    Beitragsanforderung,
    Beteiligung,
    Einladung,
    Fallbesprechung,
)
from analysen.services import next_aktenzeichen
from anfragen.models import Anfrage
from behoerden.models import Behoerde
from demo.accounts import ensure_demo_user
from demo.context import DemoContext

BETREFF_1 = "Betreibernetzwerk Shisha-Bars Buer"
BETREFF_2 = "Wettbüros Duisburg-Hochfeld"


def _pdf(*lines: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for offset, line in enumerate((*lines, "Demo-Dokument des SiKo Ruhr Portals")):
        pdf.drawString(72, 770 - 20 * offset, line)
    pdf.save()
    return buffer.getvalue()


def _datei(name: str, by, *lines: str):
    from dateien.services import datei_speichern

    return datei_speichern(upload=SimpleUploadedFile(name, _pdf(*lines)), by=by, zweck="demo")


def _beteiligung(vorgang, behoerde, by, grund, personen) -> Beteiligung:
    beteiligung = Beteiligung.objects.create(
        vorgang=vorgang, behoerde=behoerde, hinzugefuegt_von=by, grund=grund
    )
    beteiligung.personen.set([p for p in personen if p is not None])
    return beteiligung


def _beitrag(anforderung, by, text, quelle, rechtsgrundlage, version=1, datei=None, gesperrt=None):
    beitrag = AnalyseBeitrag.objects.create(
        anforderung=anforderung,
        version=version,
        text=text,
        quellenkategorie=quelle,
        rechtsgrundlage=rechtsgrundlage,
        eingereicht_von=by,
        gesperrt_am=gesperrt,
    )
    if datei is not None:
        BeitragDatei.objects.create(beitrag=beitrag, datei=datei)
    return beitrag


def seed(ctx: DemoContext) -> None:
    users = ctx.users
    gs = users.get("gs-admin")
    if gs is None:
        return
    # A second person of the Geschäftsstelle, so that a report can be released by someone other than its author.
    gs2 = ensure_demo_user(
        ctx, "gs-analyse", "analyse@siko-ruhr.nrw.de", "Jonas", "Brandt", gs.behoerde, "geschaeftsstelle",
        "Analyse und Auswertung",
    )  # fmt: skip
    today = timezone.localdate()
    now = timezone.now()
    created = 0
    behoerde = {b.name: b for b in Behoerde.objects.filter(name__in=["Stadt Gelsenkirchen", "Polizeipräsidium Essen", "Hauptzollamt Dortmund", "Stadt Duisburg"])}  # fmt: skip
    if len(behoerde) < 4:
        return

    if not Analysevorgang.objects.filter(betreff=BETREFF_1).exists():
        anfrage = Anfrage.objects.filter(betreff=f"360°-Analyse {BETREFF_1}").first()
        vorgang = Analysevorgang.objects.create(
            aktenzeichen=next_aktenzeichen(today.year),
            betreff=BETREFF_1,
            zweck="Verbindungen der Betreiber von vier Shisha-Bars zu Immobilieneigentümern und Vorbetreibern "
            "klären, um Gewerbeuntersagungen vorzubereiten.",
            rechtsgrundlage="§ 35 GewO i. V. m. § 11 GewO; § 27 PolG NRW",
            klassifikation="vsnfd",
            anfrage=anfrage,
            anfragende_behoerde=behoerde["Stadt Gelsenkirchen"],
            fallfuehrung=gs,
            status=Analysevorgang.Status.BEITRAEGE_AUSSTEHEND,
            loeschfrist=today + datetime.timedelta(days=365),
            erstellt_von=gs,
        )
        ge = _beteiligung(
            vorgang,
            behoerde["Stadt Gelsenkirchen"],
            gs,
            "anfragende Behörde",
            [users.get("stadt-gelsenkirchen-ap")],
        )
        essen = _beteiligung(
            vorgang,
            behoerde["Polizeipräsidium Essen"],
            gs,
            "polizeiliche Erkenntnisse",
            [users.get("pp-essen-mitglied"), users.get("pp-essen-ap")],
        )
        hza = _beteiligung(vorgang, behoerde["Hauptzollamt Dortmund"], gs, "Schwarzarbeit und Zoll", [users.get("hza-dortmund-mitglied")])  # fmt: skip
        frist = today - datetime.timedelta(days=2)
        anforderungen = {
            b.behoerde.name: Beitragsanforderung.objects.create(vorgang=vorgang, behoerde=b.behoerde, frist=frist, angefordert_von=gs)
            for b in (ge, essen, hza)
        }  # fmt: skip
        essen_person = users.get("pp-essen-mitglied")
        if essen_person is not None:
            _beitrag(
                anforderungen["Polizeipräsidium Essen"], essen_person,
                "Zwei der vier Bars wurden 2025 von derselben Person betrieben (Max Muster). Gegen ihn laufen "
                "Ermittlungen wegen Steuerhinterziehung.",
                "sicherheitsbehoerdlich", "§ 27 PolG NRW",
                datei=_datei("Vermerk PP Essen.pdf", essen_person, "Vermerk: Betreiber Shisha-Bars Buer"),
            )  # fmt: skip
        hza_person = users.get("hza-dortmund-mitglied")
        if hza_person is not None:
            _beitrag(
                anforderungen["Hauptzollamt Dortmund"], hza_person,
                "Prüfung nach dem SchwarzArbG 2025 in drei der Bars; Beschäftigte ohne Anmeldung.",
                "sicherheitsbehoerdlich", "§ 6 SchwarzArbG",
            )  # fmt: skip
        Beitragsanforderung.objects.filter(pk=anforderungen["Stadt Gelsenkirchen"].pk).update(
            erinnert_am=now - datetime.timedelta(days=1), erinnerungen=1
        )
        entwurf = Auswertebericht.objects.create(
            vorgang=vorgang,
            fragestellung="Wer steht hinter den vier Shisha-Bars in Buer, und welche Verbindungen bestehen?",
            quellen="Beiträge PP Essen und HZA Dortmund; Gewerberegister (Beitrag Gelsenkirchen steht aus).",
            erkenntnisse="Entwurf: zwei Bars mit demselben früheren Betreiber.",
            verfasst_von=gs,
        )
        _verbindungen(entwurf, [
            ("Max Muster", "person", "früherer Betreiber", "Shisha-Bar Oase", "firma", "Beitrag PP Essen"),
            ("Max Muster", "person", "Geschäftsführer", "XY Immobilien GmbH", "firma", "Handelsregister"),
            ("XY Immobilien GmbH", "firma", "Eigentümerin", "Hochstraße 5, Gelsenkirchen-Buer", "ort", "Grundbuch (Beitrag GE ausstehend)"),
        ])  # fmt: skip
        besprechung = Fallbesprechung.objects.create(
            vorgang=vorgang,
            beginn=now - datetime.timedelta(days=3),
            ort="Polizeipräsidium Essen, Besprechungsraum 4",
            video_link="https://konferenz.siko-ruhr.nrw.de/fallbesprechung-buer",
            tagesordnung="1. Stand der Beiträge\n2. Gemeinsame Kontrolle\n3. Weiteres Vorgehen",
            protokoll="Die Beteiligten vereinbaren eine gemeinsame Kontrolle der vier Bars. Gelsenkirchen liefert "
            "die Gewerbeakten nach.",
            protokoll_freigegeben_am=now - datetime.timedelta(days=2),
            erstellt_von=gs,
        )
        for key, antwort in (
            ("stadt-gelsenkirchen-ap", "zugesagt"),
            ("pp-essen-mitglied", "zugesagt"),
            ("hza-dortmund-mitglied", "abgesagt"),
        ):
            if users.get(key) is not None:
                Einladung.objects.create(fallbesprechung=besprechung, person=users[key], antwort=antwort, beantwortet_am=now - datetime.timedelta(days=4))  # fmt: skip
        Aufgabe.objects.create(fallbesprechung=besprechung, was="Gewerbeakten der vier Bars übermitteln", behoerde=behoerde["Stadt Gelsenkirchen"], frist=today + datetime.timedelta(days=10))  # fmt: skip
        Aufgabe.objects.create(fallbesprechung=besprechung, was="Kontrolltermin mit dem Zoll abstimmen", behoerde=behoerde["Hauptzollamt Dortmund"], frist=today - datetime.timedelta(days=1), status="in_arbeit")  # fmt: skip
        Aufgabe.objects.create(fallbesprechung=besprechung, was="Lagebild zu den Betreibern aktualisieren", behoerde=behoerde["Polizeipräsidium Essen"], frist=today - datetime.timedelta(days=1), status="erledigt")  # fmt: skip
        created += 1

    if not Analysevorgang.objects.filter(betreff=BETREFF_2).exists():
        vorgang = Analysevorgang.objects.create(
            aktenzeichen=next_aktenzeichen(today.year),
            betreff=BETREFF_2,
            zweck="Strukturen hinter drei Wettbüros in Duisburg-Hochfeld (eigene Initiative der Geschäftsstelle).",
            rechtsgrundlage="§ 35 GewO",
            klassifikation="offen",
            fallfuehrung=gs,
            status=Analysevorgang.Status.ABGESCHLOSSEN,
            loeschfrist=today + datetime.timedelta(days=20),
            erstellt_von=gs,
            abgeschlossen_am=now - datetime.timedelta(days=5),
        )
        du = _beteiligung(
            vorgang, behoerde["Stadt Duisburg"], gs, "Gewerbeaufsicht", [users.get("stadt-duisburg-ap")]
        )
        essen = _beteiligung(vorgang, behoerde["Polizeipräsidium Essen"], gs, "polizeiliche Erkenntnisse", [users.get("pp-essen-mitglied")])  # fmt: skip
        gesperrt = now - datetime.timedelta(days=8)
        beitraege = []
        for beteiligung, key, text, quelle in (
            (du, "stadt-duisburg-ap", "Alle drei Wettbüros sind auf dieselbe Strohfrau angemeldet.", "kommunal"),
            (essen, "pp-essen-mitglied", "Öffentlich zugängliche Handelsregistereinträge zeigen eine gemeinsame Holding.", "oeffentlich"),
        ):  # fmt: skip
            anforderung = Beitragsanforderung.objects.create(
                vorgang=vorgang,
                behoerde=beteiligung.behoerde,
                frist=today - datetime.timedelta(days=20),
                angefordert_von=gs,
            )
            if users.get(key) is not None:
                beitraege.append(
                    _beitrag(anforderung, users[key], text, quelle, "§ 35 GewO", gesperrt=gesperrt)
                )
        bericht = Auswertebericht.objects.create(
            vorgang=vorgang,
            fragestellung="Gehören die drei Wettbüros in Hochfeld zu einer gemeinsamen Struktur?",
            quellen="Beiträge Stadt Duisburg (kommunal) und PP Essen (öffentlich).",
            erkenntnisse="Ja: gemeinsame Anmeldende und eine gemeinsame Holding.",
            empfehlungen="Gemeinsame Prüfung der Zuverlässigkeit nach § 35 GewO.",
            pdf=_datei(
                "Auswertebericht Wettbueros Hochfeld.pdf", gs, "Auswertebericht: Wettbüros Duisburg-Hochfeld"
            ),
            status=Auswertebericht.Status.FREIGEGEBEN,
            verfasst_von=gs,
            eingereicht_am=gesperrt,
            freigegeben_am=gesperrt + datetime.timedelta(hours=3),
            freigegeben_von=gs2,
        )
        bericht.beitraege.set(beitraege)
        _verbindungen(bericht, [
            ("Strohfrau A.", "person", "Anmeldende", "Wettbüro 1–3", "firma", "Gewerberegister Duisburg"),
            ("Hochfeld Holding", "firma", "Gesellschafterin", "Wettbüro 1–3", "firma", "Handelsregister"),
        ])  # fmt: skip
        created += 1
    ctx.log(f"360°-Analysen: {created} neue Demo-Vorgänge")


def _verbindungen(bericht, rows) -> None:
    from analysen.models import Verbindung

    Verbindung.objects.bulk_create(
        Verbindung(bericht=bericht, position=number, von_name=von, von_art=von_art, beziehung=beziehung,
                   zu_name=zu, zu_art=zu_art, quelle=quelle)
        for number, (von, von_art, beziehung, zu, zu_art, quelle) in enumerate(rows)
    )  # fmt: skip
