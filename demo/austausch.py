"""Demo: realistic threads in the general, Fachgebiet and Arbeitskreis areas, some answered; one request."""

import datetime

from django.utils import timezone

from anfragen.models import Anfrage, AnfrageSchritt
from austausch.markup import quote_markdown, render_markdown
from austausch.models import Beitrag, BeitragAnhang, Bereich, Lesestand, Meldung, Thema
from austausch.services import beitraege_search_index, bereiche_ensure
from demo.context import DemoContext

# (area: slug or ("fachgebiet", name) or ("ak", name), title, kind, author, days ago, pinned,
#  [(author, text)], index of the answering reply or None)
THREADS = [
    (
        "allgemein",
        "Erfahrungen mit Untersagungen nach § 35 GewO?",
        "frage",
        "stadt-gelsenkirchen-mitglied",
        12,
        False,
        "Wir prüfen eine Gewerbeuntersagung gegen den Betreiber mehrerer Kioske. Hat jemand Erfahrungen, "
        "welche Erkenntnisse der Polizei vor Gericht als Unzuverlässigkeit getragen haben?",
        [
            (
                "stadt-duisburg-ap",
                "Ja, wir hatten 2025 drei Verfahren. Getragen haben vor allem **Steuerrückstände** (Auskunft des "
                "Finanzamts) und wiederholte Verstöße gegen das Jugendschutzgesetz. Polizeiliche Erkenntnisse "
                "allein reichten nur, wenn sie konkret und gerichtsverwertbar waren. Das Muster der "
                "Untersagungsverfügung schicke ich Ihnen gern.",
            ),
            (
                "pp-essen-ap",
                "Ergänzend: Stellen Sie die Anfrage an uns bitte schriftlich mit Bezug auf § 35 Abs. 1 GewO; "
                "dann können wir die Erkenntnisse in verwertbarer Form übermitteln.",
            ),
        ],
        0,
    ),
    (
        "allgemein",
        "Hinweis: Aktualisierter Leitfaden Vermögensabschöpfung im Portal",
        "information",
        "gs-admin",
        5,
        True,
        "Die Geschäftsstelle hat den Leitfaden zur Vermögensabschöpfung überarbeitet. Sie finden ihn im "
        "Fachgebiet [Vermögensabschöpfung](/fachgebiete/). Rückmeldungen bitte hier im Thema.",
        [],
        None,
    ),
    (
        ("fachgebiet", "Shisha"),
        "Wer kennt die Betreiber der Shisha-Bar „Layali“ an der Bochumer Straße?",
        "frage",
        "stadt-gelsenkirchen-ap",
        3,
        False,
        "Die Bar hat vor vier Wochen neu eröffnet, als Betreiber ist ein 22-Jähriger eingetragen. Wir vermuten "
        "einen Strohmann. Gibt es Erkenntnisse zu Vorbetreibern oder Verbindungen nach Essen oder Duisburg?",
        [
            (
                "pp-essen-mitglied",
                "Der Name ist bei uns aus einer Kontrolle 2024 in Essen-Altendorf bekannt (damals als Angestellter). "
                "Bitte melden Sie sich für Details telefonisch bei mir, KOK Schäfer.",
            ),
            (
                "hza-dortmund-mitglied",
                "Aus Sicht des Zolls: In der Vorgängerbar wurde 2025 unversteuerter Tabak sichergestellt. "
                "Wir würden uns an einer gemeinsamen Kontrolle beteiligen.",
            ),
        ],
        0,
    ),
    (
        ("fachgebiet", "Shisha"),
        "CO-Warnmelder bei Kontrollen – welche Geräte nutzen Sie?",
        "frage",
        "stadt-duisburg-mitglied",
        2,
        False,
        "Unser Ordnungsdienst soll mit persönlichen CO-Warnmeldern ausgestattet werden. Welche Geräte haben sich bei Ihnen bewährt?",
        [
            (
                "stadt-gelsenkirchen-mitglied",
                "Wir nutzen Eindgas-Warngeräte mit Vibrationsalarm; Kalibrierung halbjährlich.",
            )
        ],
        None,
    ),
    (
        ("fachgebiet", "Glücksspiel"),
        "Hinweis: Umgehung der Spielersperrdatei OASIS durch Strohleute",
        "hinweis",
        "hza-dortmund-ap",
        8,
        False,
        "In mehreren Wettbüros wurden Spielerkarten auf Dritte ausgestellt, um Sperren zu umgehen. "
        "Achten Sie bei Kontrollen auf Abgleich von Ausweis und Spielerkonto.",
        [],
        None,
    ),
    (
        ("ak", "Shisha"),
        "Vorbereitung der Schwerpunktkontrolle im Dezember",
        "information",
        "stadt-gelsenkirchen-ap",
        4,
        True,
        "Für die gemeinsame Kontrolle am 12. Dezember sind Gelsenkirchen, Essen und das HZA Dortmund dabei. "
        "Bitte tragen Sie bis Freitag die Zahl Ihrer Einsatzkräfte hier ein.",
        [
            ("pp-essen-mitglied", "PP Essen: 6 Kräfte, davon 2 Zivil."),
            (
                "hza-dortmund-mitglied",
                "HZA Dortmund: 4 Kräfte der FKS und 2 Kräfte der Kontrolleinheit Verkehrswege.",
            ),
        ],
        None,
    ),
    (
        ("ak", "Rotlicht"),
        "Auswertung der Bordellkontrollen im 3. Quartal",
        "information",
        "pp-essen-ap",
        9,
        False,
        "Die Auswertung liegt vor: 14 Betriebe kontrolliert, 3 Verstöße gegen das Prostituiertenschutzgesetz, "
        "2 Hinweise auf Menschenhandel an das KK 12 abgegeben.",
        [
            (
                "stadt-duisburg-ap",
                "Danke. Für Duisburg bitte die zwei Betriebe an der Vulkanstraße in die nächste Runde aufnehmen.",
            )
        ],
        None,
    ),
    (
        ("ak", "Kommunale Vermögensabschöpfung"),
        "Muster für eine Sicherstellungsverfügung nach § 43 PolG NRW?",
        "frage",
        "stadt-gelsenkirchen-ap",
        6,
        False,
        "Hat jemand ein gerichtsfest formuliertes Muster für die Sicherstellung von Bargeld bei Kontrollen?",
        [
            (
                "hza-dortmund-ap",
                "Ja – das Muster aus dem Projekt mit der Stadt Duisburg wurde vom VG Düsseldorf bestätigt. "
                "Ich stelle es in die Dokumente des Arbeitskreises.",
            )
        ],
        0,
    ),
]


def demo_pdf(text: str) -> bytes:
    """A small real PDF for demo attachments."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 770, text)
    pdf.drawString(72, 750, "Demo-Dokument des SiKo Ruhr Portals")
    pdf.save()
    return buffer.getvalue()


def _attach_pdf(beitrag, name: str, text: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dateien.services import datei_speichern

    datei = datei_speichern(upload=SimpleUploadedFile(name, demo_pdf(text)), by=beitrag.autor, zweck="demo")
    BeitragAnhang.objects.create(beitrag=beitrag, datei=datei)


def _bereich(spec) -> Bereich:
    if isinstance(spec, str):
        return Bereich.objects.get(slug=spec)
    kind, name = spec
    if kind == "fachgebiet":
        return Bereich.objects.get(fachgebiet__name=name)
    return Bereich.objects.get(arbeitskreis__name=name)


def seed(ctx: DemoContext) -> None:
    bereiche_ensure()
    # A fixed reference point keeps re-runs identical (only missing rows are created).
    base = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    created = 0
    for spec, titel, art, author_key, days_ago, pinned, text, replies, answer_index in THREADS:
        author = ctx.users.get(author_key)
        if author is None:
            continue
        bereich = _bereich(spec)
        if Thema.objects.filter(bereich=bereich, titel=titel).exists():
            continue
        start = base - datetime.timedelta(days=days_ago)
        thema = Thema.objects.create(
            bereich=bereich,
            titel=titel,
            art=art,
            autor=author,
            letzte_aktivitaet=start,
            letzter_autor=author,
            ist_angeheftet=pinned,
            beitraege_anzahl=1 + len(replies),
        )
        if bereich.fachgebiet_id:
            thema.fachgebiete.set([bereich.fachgebiet_id])
        first = Beitrag.objects.create(thema=thema, autor=author, text=text, html=render_markdown(text))
        posts = [first]
        for index, (reply_key, reply_text) in enumerate(replies):
            if index == 1 and art == "frage":
                reply_text = (
                    quote_markdown(author_name=str(posts[-1].autor), text=posts[-1].text[:200]) + reply_text
                )
            posts.append(
                Beitrag.objects.create(
                    thema=thema, autor=ctx.users[reply_key], text=reply_text, html=render_markdown(reply_text)
                )
            )
        # Spread the posts over the thread's life.
        for offset, post in enumerate(posts):
            Beitrag.objects.filter(pk=post.pk).update(erstellt=start + datetime.timedelta(hours=5 * offset))
        last = posts[-1]
        Thema.objects.filter(pk=thema.pk).update(
            erstellt=start,
            letzte_aktivitaet=start + datetime.timedelta(hours=5 * (len(posts) - 1)),
            letzter_autor=last.autor,
            antwort=posts[answer_index + 1] if answer_index is not None else None,
        )
        # Everyone who wrote in the thread has read it up to their own last post.
        for offset, post in enumerate(posts):
            Lesestand.objects.update_or_create(
                user=post.autor,
                thema=thema,
                defaults={"gelesen_bis": start + datetime.timedelta(hours=5 * offset)},
            )
        if titel.startswith("Muster für eine Sicherstellungsverfügung"):
            _attach_pdf(
                posts[-1],
                "Muster Sicherstellungsverfügung.pdf",
                "Muster: Sicherstellungsverfügung nach § 43 PolG NRW",
            )
        beitraege_search_index(queryset=Beitrag.objects.filter(thema=thema))
        created += 1

    requester = ctx.users.get("stadt-gelsenkirchen-ap")
    if (
        requester is not None
        and not Anfrage.objects.filter(betreff="360°-Analyse Betreibernetzwerk Shisha-Bars Buer").exists()
    ):
        anfrage = Anfrage.objects.create(
            art=Anfrage.Art.ANALYSE_360,
            behoerde=requester.behoerde,
            erstellt_von=requester,
            betreff="360°-Analyse Betreibernetzwerk Shisha-Bars Buer",
            beschreibung="Wir bitten um eine Netzwerkanalyse zu den Betreibern von vier Shisha-Bars in Gelsenkirchen-Buer "
            "(Gewerbeanmeldungen anbei), insbesondere zu Verbindungen zu Immobilieneigentümern.",
            rechtsgrundlage="§ 35 GewO i. V. m. § 11 GewO",
            dringlichkeit=Anfrage.Dringlichkeit.HOCH,
            kontakt="Aylin Demir, Kommunaler Ordnungsdienst, 0209 169-0",
            status=Anfrage.Status.IN_BEARBEITUNG,
        )
        AnfrageSchritt.objects.create(anfrage=anfrage, status=Anfrage.Status.EINGEGANGEN, von=requester)
        AnfrageSchritt.objects.create(
            anfrage=anfrage,
            status=Anfrage.Status.IN_BEARBEITUNG,
            von=ctx.users.get("gs-admin"),
            text="Wird bearbeitet.",
        )
    requester = ctx.users.get("stadt-duisburg-ap")
    betreff = "Informationsanfrage: Gewerbeanmeldungen Wettbüros Hochfeld"
    if requester is not None and not Anfrage.objects.filter(betreff=betreff).exists():
        from django.core.files.uploadedfile import SimpleUploadedFile

        from dateien.services import datei_speichern

        gs = ctx.users.get("gs-admin")
        anfrage = Anfrage.objects.create(
            art=Anfrage.Art.INFORMATION,
            behoerde=requester.behoerde,
            erstellt_von=requester,
            betreff=betreff,
            beschreibung="Bitte um Zusammenstellung der Erkenntnisse der Partner zu den Betreibern von drei Wettbüros in Duisburg-Hochfeld.",
            rechtsgrundlage="§ 35 GewO",
            dringlichkeit=Anfrage.Dringlichkeit.NORMAL,
            kontakt="Stadt Duisburg, Ordnungsamt, 0203 283-0",
            status=Anfrage.Status.ABGESCHLOSSEN,
            ergebnis="Die Zusammenstellung der Erkenntnisse liegt als Datei bei.",
            ergebnis_datei=datei_speichern(
                upload=SimpleUploadedFile(
                    "Ergebnis Wettbüros Hochfeld.pdf", demo_pdf("Ergebnis: Wettbüros Hochfeld")
                ),
                by=gs,
                zweck="demo",
            ),
        )
        for status in (
            Anfrage.Status.EINGEGANGEN,
            Anfrage.Status.IN_BEARBEITUNG,
            Anfrage.Status.ABGESCHLOSSEN,
        ):
            AnfrageSchritt.objects.create(
                anfrage=anfrage, status=status, von=requester if status == "eingegangen" else gs
            )
    # One open report, so that the Geschäftsstelle's "Meldungen" list shows how reports work.
    reporter = ctx.users.get("stadt-duisburg-mitglied")
    reported = (
        Beitrag.objects.filter(thema__titel="CO-Warnmelder bei Kontrollen – welche Geräte nutzen Sie?")
        .order_by("-erstellt")
        .first()
    )
    if (
        reporter is not None
        and reported is not None
        and not Meldung.objects.filter(beitrag=reported).exists()
    ):
        Meldung.objects.create(
            beitrag=reported,
            von=reporter,
            grund="Enthält eine private Mobilnummer eines Kollegen; bitte prüfen.",
        )
    ctx.log(f"Informationsaustausch: {created} neue Demo-Themen")
