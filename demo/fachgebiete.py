"""Demo content: the Fachgebiete overview and one page per Fachgebiet with real legal bases."""

import datetime

from behoerden.models import Behoerde
from demo.context import DemoContext
from demo.pages import ensure_home_page, upsert_page
from fachgebiete.models import Fachgebiet, FachgebietIndexPage, FachgebietKontakt, FachgebietPage


def _r(gesetz, paragraph, erlaeuterung):
    return ("rechtsgrundlage", {"gesetz": gesetz, "paragraph": paragraph, "erlaeuterung": erlaeuterung})


def _schritt(titel, text):
    return ("schritt", {"titel": titel, "beschreibung": f"<p>{text}</p>"})


def _check(titel, punkte):
    return ("checkliste", {"titel": titel, "punkte": punkte})


# name -> (title, description, introduction, body paragraphs, legal bases, procedure, contact authority names)
TOPICS = {
    "Rotlicht": (
        "Rotlichtmilieu und Prostitutionsgewerbe",
        "Kontrollen im Prostitutionsgewerbe, Schutz von Prostituierten, Bezüge zur Clankriminalität.",
        "Im Rotlichtmilieu überschneiden sich Gewerberecht, Prostituiertenschutz und Strafrecht. Betreiber von "
        "Bordellen, Laufhäusern und Wohnungsprostitution benötigen eine Erlaubnis; Prostituierte müssen sich "
        "anmelden und gesundheitlich beraten lassen. Hinweise auf Menschenhandel, Zwangsprostitution oder "
        "Geldwäsche über Strohleute werden gemeinsam von Kommune, Polizei und Zoll verfolgt.",
        [
            "Das Prostituiertenschutzgesetz verpflichtet Betreiber zu einem Betriebskonzept und zu Auflagen "
            "zum Schutz der Beschäftigten. Die Zuverlässigkeitsprüfung schließt Personen aus, die wegen "
            "Menschenhandels, Zuhälterei oder Geldwäsche verurteilt wurden.",
            "Bei Verbundkontrollen prüft die Kommune die Erlaubnis und die Anmeldebescheinigungen, die Polizei "
            "achtet auf Anzeichen von Ausbeutung, die Finanzkontrolle Schwarzarbeit (FKS) des Zolls auf "
            "Scheinselbständigkeit und Mindestlohn.",
        ],
        [
            _r(
                "Prostituiertenschutzgesetz (ProstSchG)",
                "§§ 3, 12, 15",
                "Anmeldepflicht für Prostituierte, "
                "Erlaubnispflicht und Zuverlässigkeit der Betreiber eines Prostitutionsgewerbes.",
            ),
            _r(
                "Strafgesetzbuch (StGB)",
                "§§ 180a, 181a, 232 ff.",
                "Ausbeutung von Prostituierten, Zuhälterei, Menschenhandel und Zwangsprostitution.",
            ),
            _r(
                "Gewerbeordnung (GewO)",
                "§ 35",
                "Gewerbeuntersagung wegen Unzuverlässigkeit, auch gegenüber "
                "Strohleuten und faktischen Betreibern.",
            ),
        ],
        [
            _schritt(
                "Vorbereitung",
                "Abgleich der Erlaubnisse und Anmeldungen mit den Erkenntnissen der "
                "Kreispolizeibehörde; Abstimmung von Zeitpunkt und Zuständigkeiten.",
            ),
            _schritt(
                "Kontrolle",
                "Gemeinsame Begehung; Gespräche mit Prostituierten ohne Anwesenheit des "
                "Betreibers, auf Wunsch mit Dolmetscherin.",
            ),
            _check(
                "Prüfpunkte vor Ort",
                [
                    "Erlaubnis nach § 12 ProstSchG und Betriebskonzept liegen vor",
                    "Anmeldebescheinigungen aller anwesenden Prostituierten",
                    "Hinweise auf Menschenhandel (Ausweise einbehalten, Schulden beim Betreiber)",
                    "Mietverhältnisse und Zahlungsflüsse für die Vermögensabschöpfung notieren",
                ],
            ),
        ],
        ["Stadt Essen", "Polizeipräsidium Essen"],
    ),
    "Shisha": (
        "Shisha-Bars",
        "Gemeinsame Kontrollen von Shisha-Bars: Gaststättenrecht, Jugendschutz, Nichtraucherschutz, Steuern.",
        "Shisha-Bars stehen im Fokus der Verbundkontrollen, weil sich hier Ordnungsrecht, Steuerrecht und "
        "Gesundheitsschutz überschneiden. Kohlenmonoxid-Vergiftungen durch unzureichende Lüftung, "
        "unversteuerter Wasserpfeifentabak und Verstöße gegen den Jugendschutz sind die häufigsten Befunde.",
        [
            "Vor Betreten der Räume wird die Kohlenmonoxid-Konzentration gemessen. Ab 30 ppm ist der Betrieb "
            "sofort einzuschränken, die Räume sind zu lüften; die Feuerwehr ist zu beteiligen.",
            "Der Zoll prüft, ob der Wasserpfeifentabak ordnungsgemäß versteuert ist (Steuerzeichen) und ob "
            "Beschäftigte angemeldet sind.",
        ],
        [
            _r(
                "Gaststättengesetz (GastG)",
                "§ 15",
                "Rücknahme und Widerruf der Erlaubnis bei Unzuverlässigkeit "
                "des Gewerbetreibenden; in NRW gilt das GastG des Bundes mit Landesverordnung fort.",
            ),
            _r(
                "Jugendschutzgesetz (JuSchG)",
                "§ 10",
                "Abgabe von Tabakwaren und das Rauchen von Wasserpfeifen "
                "sind Kindern und Jugendlichen nicht gestattet, auch nikotinfrei.",
            ),
            _r(
                "Nichtraucherschutzgesetz NRW (NiSchG NRW)",
                "§§ 3, 4",
                "Rauchverbot in Gaststätten; Ausnahmen gelten nur unter engen Voraussetzungen.",
            ),
            _r(
                "Tabaksteuergesetz (TabStG)",
                "§ 17",
                "Steuerzeichen auf Tabakwaren; unversteuerter Tabak wird "
                "sichergestellt, es droht ein Steuerstrafverfahren.",
            ),
        ],
        [
            _check(
                "Checkliste Verbundkontrolle Shisha-Bar",
                [
                    "CO-Messung vor dem Betreten, Messwert dokumentieren",
                    "Gaststättenerlaubnis bzw. Gewerbeanzeige",
                    "Alterskontrollen, Aushang nach dem Jugendschutzgesetz",
                    "Steuerzeichen auf Tabakdosen (Zoll)",
                    "Anmeldung der Beschäftigten (FKS)",
                    "Lüftungsanlage und Rauchmelder (Bauordnung)",
                ],
            ),
            _schritt(
                "Nachbereitung",
                "Befunde innerhalb einer Woche in das Lagebild Shisha einstellen; "
                "Ordnungswidrigkeitenverfahren durch die Kommune einleiten.",
            ),
        ],
        ["Stadt Gelsenkirchen", "Hauptzollamt Dortmund"],
    ),
    "Glücksspiel": (
        "Illegales Glücksspiel",
        "Spielhallen, Wettbüros und illegale Geldspielgeräte: Erlaubnisse, Sperrsystem, Geldwäscheprävention.",
        "Illegales Glücksspiel ist ein typisches Betätigungsfeld krimineller Clanstrukturen: unerlaubte "
        "Geldspielgeräte in Cafés, Wettannahmestellen ohne Erlaubnis und Spielhallen, die die Abstandsregeln "
        "umgehen. Gewinne werden häufig über Bargeldgeschäfte gewaschen.",
        [
            "Seit dem Glücksspielstaatsvertrag 2021 ist die Gemeinsame Glücksspielbehörde der Länder für das "
            "Internet zuständig; für Spielhallen und Wettvermittlungsstellen bleiben die Kommunen und die "
            "Bezirksregierungen zuständig.",
            "Alle Anbieter müssen an das spielformübergreifende Sperrsystem OASIS angeschlossen sein. "
            "Verstöße gegen die Sperrdateiabfrage sind bußgeldbewehrt.",
        ],
        [
            _r(
                "Glücksspielstaatsvertrag 2021 (GlüStV 2021)",
                "§§ 4, 8, 29",
                "Erlaubnisvorbehalt, Spielersperrsystem OASIS und Übergangsregeln für Spielhallen.",
            ),
            _r(
                "Ausführungsgesetz NRW zum Glücksspielstaatsvertrag (AG GlüStV NRW)",
                "§§ 13 ff.",
                "Spielhallenerlaubnis, Mindestabstände, Sperrzeiten.",
            ),
            _r(
                "Strafgesetzbuch (StGB)",
                "§§ 284, 285",
                "Unerlaubte Veranstaltung eines Glücksspiels und Beteiligung daran.",
            ),
            _r(
                "Gewerbeordnung (GewO)",
                "§ 33c, § 33i",
                "Aufstellung von Geldspielgeräten und Betrieb von Spielhallen.",
            ),
        ],
        [
            _check(
                "Prüfpunkte Spielhalle und Wettbüro",
                [
                    "Erlaubnis nach § 33i GewO und AG GlüStV NRW",
                    "Anschluss an OASIS und Abfrage bei jedem Einlass",
                    "Zulassungszeichen der Geldspielgeräte (PTB)",
                    "Identität der tatsächlich handelnden Personen (Strohmann?)",
                ],
            ),
        ],
        ["Stadt Duisburg", "Polizeipräsidium Duisburg"],
    ),
    "Vermögensabschöpfung": (
        "Vermögensabschöpfung",
        "Einziehung von Taterträgen nach §§ 73 ff. StGB, Zusammenarbeit mit Finanz- und Kommunalbehörden.",
        "Kriminalität darf sich nicht lohnen: Die Vermögensabschöpfung entzieht Straftätern die Erträge ihrer "
        "Taten. Seit der Reform 2017 können Vermögenswerte unklarer Herkunft auch selbständig eingezogen "
        "werden, wenn das Gericht überzeugt ist, dass sie aus rechtswidrigen Taten stammen.",
        [
            "Kommunen und Finanzbehörden tragen mit ihren Erkenntnissen zu Immobilien, Fahrzeugen, "
            "Gewerbebetrieben und Sozialleistungen wesentlich zur Finanzermittlung bei.",
            "Frühzeitige Sicherung ist entscheidend: Vermögensarrest nach § 111e StPO bereits im "
            "Ermittlungsverfahren beantragen.",
        ],
        [
            _r(
                "Strafgesetzbuch (StGB)",
                "§§ 73 ff.",
                "Einziehung von Taterträgen und des Wertes von Taterträgen, auch bei Dritten.",
            ),
            _r(
                "Strafgesetzbuch (StGB)",
                "§ 76a Abs. 4",
                "Selbständige Einziehung von Vermögen unklarer "
                "Herkunft bei Katalogtaten, etwa Geldwäsche oder bandenmäßigem Betrug.",
            ),
            _r(
                "Strafprozessordnung (StPO)",
                "§§ 111b ff.",
                "Sicherstellung und Vermögensarrest zur Sicherung der späteren Einziehung.",
            ),
            _r("Geldwäschegesetz (GwG)", "§ 43", "Verdachtsmeldungen der Verpflichteten an die FIU."),
        ],
        [
            _schritt(
                "Finanzermittlung anstoßen",
                "Vermögenswerte der Beschuldigten und ihres Umfelds "
                "erheben: Grundbuch, Kfz-Register, Gewerberegister, Kontenabruf.",
            ),
            _schritt(
                "Sicherung",
                "Vermögensarrest über die Staatsanwaltschaft beantragen; Pfändung durch die "
                "Vollstreckungsbehörde.",
            ),
            _check(
                "Kommunale Beiträge",
                [
                    "Gewerbe- und Gaststättenakten",
                    "Grundsteuer- und Liegenschaftsdaten",
                    "Bezug von Sozialleistungen und Wohngeld",
                ],
            ),
        ],
        ["Polizeipräsidium Essen", "Staatsanwaltschaft Essen"],
    ),
    "Verkehr": (
        "Verkehr: illegale Autorennen und Poser-Szene",
        "Kontrollen der Poser- und Raserszene, Fahrerlaubnisrecht und Fahrzeugeinziehung.",
        "Illegale Kraftfahrzeugrennen und die Poser-Szene gefährden Unbeteiligte und sind teilweise mit "
        "Clanstrukturen verbunden, etwa über hochwertige Mietwagen und Autovermietungen als Geldwäschevehikel.",
        [
            "Bei verbotenen Rennen kann das Fahrzeug eingezogen und die Fahrerlaubnis entzogen werden. Die "
            "Fahrerlaubnisbehörde prüft zusätzlich die Eignung nach der Fahrerlaubnis-Verordnung.",
        ],
        [
            _r("Strafgesetzbuch (StGB)", "§ 315d", "Verbotene Kraftfahrzeugrennen, auch als Einzelraser."),
            _r(
                "Straßenverkehrs-Ordnung (StVO)",
                "§§ 1, 3, 30",
                "Rücksichtnahme, Geschwindigkeit, unnötiger Lärm und Umweltbelastung.",
            ),
            _r(
                "Fahrerlaubnis-Verordnung (FeV)",
                "§§ 11, 46",
                "Eignungszweifel, medizinisch-psychologische Untersuchung und Entziehung der Fahrerlaubnis.",
            ),
        ],
        [
            _check(
                "Kontrolle Poser-Szene",
                [
                    "Betriebserlaubnis und Veränderungen am Fahrzeug (Abgasanlage, Fahrwerk)",
                    "Halter und tatsächlicher Nutzer (Mietwagen?)",
                    "Mitteilung an die Fahrerlaubnisbehörde bei Eignungszweifeln",
                ],
            ),
        ],
        ["Polizeipräsidium Dortmund"],
    ),
    "Bewachungsgewerbe": (
        "Bewachungsgewerbe und Türsteher",
        "Erlaubnis- und Unterrichtungspflichten im Bewachungsgewerbe, Bewacherregister.",
        "Türsteherdienste und Sicherheitsunternehmen sind ein Einfallstor für kriminelle Strukturen. Über das "
        "Bewacherregister prüfen die Kommunen die Zuverlässigkeit von Gewerbetreibenden und Wachpersonen, "
        "unter Beteiligung der Polizei und des Verfassungsschutzes.",
        [
            "Wachpersonen im Einlassbereich von Diskotheken benötigen eine Sachkundeprüfung. Die Polizei "
            "meldet Erkenntnisse zur Unzuverlässigkeit an die zuständige Gewerbebehörde.",
        ],
        [
            _r(
                "Gewerbeordnung (GewO)",
                "§ 34a",
                "Erlaubnispflicht für das Bewachungsgewerbe, "
                "Zuverlässigkeit, Sachkunde und Unterrichtung der Wachpersonen.",
            ),
            _r(
                "Bewachungsverordnung (BewachV)",
                "§§ 4 ff., 16",
                "Unterrichtungsverfahren, Sachkundeprüfung, Anzeige der Wachpersonen im Bewacherregister.",
            ),
        ],
        [
            _schritt(
                "Regelabfrage",
                "Bei jeder Anmeldung einer Wachperson Abfrage bei der Polizei über das Bewacherregister.",
            ),
            _check(
                "Prüfpunkte Türsteher",
                [
                    "Registrierung im Bewacherregister",
                    "Sachkundenachweis für Einlasskontrolle",
                    "Dienstausweis und Kennzeichnung",
                ],
            ),
        ],
        ["Stadt Essen"],
    ),
    "Bedrohungsmanagement": (
        "Bedrohungsmanagement",
        "Einschätzung und Entschärfung von Bedrohungslagen gegen Beschäftigte der Partnerbehörden.",
        "Beschäftigte von Ordnungsämtern, Ausländerbehörden und Jobcentern werden zunehmend bedroht. Das "
        "Bedrohungsmanagement erkennt gefährliche Entwicklungen früh und koordiniert Schutzmaßnahmen zwischen "
        "Dienststelle und Polizei.",
        [
            "Jeder Vorfall wird dokumentiert und an die Ansprechperson Bedrohungsmanagement der Behörde "
            "gemeldet. Bei akuter Gefahr gilt: Notruf 110.",
        ],
        [
            _r(
                "Polizeigesetz NRW (PolG NRW)",
                "§§ 8, 34",
                "Gefahrenabwehr, Platzverweis und Aufenthaltsverbot.",
            ),
            _r("Strafgesetzbuch (StGB)", "§§ 240, 241", "Nötigung und Bedrohung von Amtsträgern."),
        ],
        [
            _schritt("Meldung", "Vorfall zeitnah schriftlich festhalten: wer, was, wann, Zeugen."),
            _schritt(
                "Fallkonferenz",
                "Ansprechperson, Vorgesetzte und Polizei bewerten das Risiko und legen Schutzmaßnahmen fest.",
            ),
        ],
        ["Polizeipräsidium Essen"],
    ),
    "Aufenthaltsrecht": (
        "Aufenthaltsrecht",
        "Aufenthaltsbeendende Maßnahmen und Zusammenarbeit der Ausländerbehörden mit Polizei und Justiz.",
        "Das Aufenthaltsrecht bietet Ansätze gegenüber Straftätern ohne deutsche Staatsangehörigkeit: "
        "Ausweisung bei schwerwiegendem Ausweisungsinteresse, Identitätsklärung und Passbeschaffung. "
        "Ausländerbehörden sind auf frühzeitige Informationen der Polizei und der Staatsanwaltschaft angewiesen.",
        [
            "Mitteilungspflichten nach § 87 AufenthG sorgen dafür, dass Ermittlungsverfahren der "
            "Ausländerbehörde bekannt werden. Die Abwägung von Ausweisungs- und Bleibeinteressen ist "
            "sorgfältig zu dokumentieren.",
        ],
        [
            _r(
                "Aufenthaltsgesetz (AufenthG)",
                "§§ 53, 54",
                "Ausweisung und Gewicht des Ausweisungsinteresses.",
            ),
            _r(
                "Aufenthaltsgesetz (AufenthG)",
                "§ 87",
                "Übermittlungspflichten öffentlicher Stellen an die Ausländerbehörde.",
            ),
        ],
        [
            _check(
                "Prüfpunkte Ausländerbehörde",
                [
                    "Identität und Staatsangehörigkeit geklärt",
                    "Strafrechtliche Verurteilungen und laufende Verfahren",
                    "Bleibeinteressen (Familie, Aufenthaltsdauer)",
                ],
            ),
        ],
        ["Stadt Duisburg"],
    ),
}


def seed(ctx: DemoContext) -> None:
    home = ensure_home_page()
    redaktion = ctx.users.get("gs-redaktion")
    index = upsert_page(
        home,
        FachgebietIndexPage,
        "fachgebiete",
        title="Fachgebiete",
        intro="<p>Die acht Fachgebiete der Sicherheitskooperation Ruhr: Rechtsgrundlagen, Verfahren, "
        "Ansprechpersonen und Dokumente für die tägliche Arbeit.</p>",
    )
    reviewed = datetime.date(2026, 9, 1)
    for position, (name, topic) in enumerate(TOPICS.items()):
        title, description, intro, paragraphs, legal, procedure, contacts = topic
        fachgebiet = Fachgebiet.objects.get(name=name)
        exists = FachgebietPage.objects.filter(fachgebiet=fachgebiet).exists()
        page = upsert_page(
            index,
            FachgebietPage,
            fachgebiet.slug,
            user=redaktion,
            title=title,
            search_description=description,
            fachgebiet=fachgebiet,
            einleitung=f"<p>{intro}</p>",
            body=[("absatz", f"<p>{p}</p>") for p in paragraphs],
            rechtsgrundlagen=legal,
            verfahren=procedure,
            # One page is deliberately overdue, so the review report has an entry.
            letzte_pruefung=reviewed if position else datetime.date(2025, 6, 30),
            inhaltlich_verantwortlich=redaktion,
        )
        if not exists:
            for order, behoerde in enumerate(Behoerde.objects.filter(name__in=contacts)):
                FachgebietKontakt.objects.create(
                    page=page, behoerde=behoerde, aufgabe=f"Ansprechstelle {name}", sort_order=order
                )
    ctx.log(f"Fachgebiete: {len(TOPICS)} Seiten")
    seed_documents(ctx)


def _checkliste_pdf(title: str, punkte: list[str]) -> bytes:
    """A one-page PDF checklist (reportlab), as partners would attach to a topic page."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(60, 780, title)
    pdf.setFont("Helvetica", 11)
    for index, punkt in enumerate(punkte):
        pdf.drawString(70, 740 - index * 22, f"[  ]  {punkt}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _karte_png() -> bytes:
    """A schematic overview of the Metropole Ruhr for the image library (PIL, no external data)."""
    from io import BytesIO

    from PIL import Image, ImageDraw, ImageFont

    def font(size):
        # DejaVu (Debian's fonts-dejavu) has the umlauts; Pillow's built-in font lacks them.
        try:
            return ImageFont.truetype("DejaVuSans.ttf", size)
        except OSError:
            return ImageFont.load_default(size=size)

    image = Image.new("RGB", (800, 450), "#eef3f8")
    draw = ImageDraw.Draw(image)
    title, label, small = font(30), font(18), font(12)
    draw.text((32, 24), "Metropole Ruhr", fill="#002a4a", font=title)
    draw.text((32, 66), "53 Gemeinden · 11 kreisfreie Städte · 4 Kreise · 12 KPB", fill="#1f2933", font=label)
    # Kreisfreie Städte west to east, Kreise around them: a schematic, not a true map.
    cities = ["Duisburg", "Oberhausen", "Mülheim", "Essen", "Gelsenk.", "Bochum", "Herne", "Dortmund"]
    for n, city in enumerate(cities):
        x = 32 + n * 92
        draw.rounded_rectangle((x, 190, x + 84, 260), radius=8, fill="#00416a")
        draw.text((x + 42, 225), city, fill="#ffffff", font=small, anchor="mm")
    for n, kreis in enumerate(["Kreis Wesel", "Kreis Recklinghausen", "Kreis Unna", "Ennepe-Ruhr-Kreis"]):
        x = 32 + n * 184
        draw.rounded_rectangle((x, 300, x + 172, 350), radius=8, outline="#00416a", width=3)
        draw.text((x + 86, 325), kreis, fill="#002a4a", font=font(14), anchor="mm")
    draw.text((32, 392), "Bottrop, Hagen, Hamm: weitere kreisfreie Städte", fill="#1f2933", font=label)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def seed_documents(ctx: DemoContext) -> None:
    """A checklist document on the Shisha page and one image in the library (both served protected)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from fachgebiete.models import FachgebietDokument

    Document = get_document_model()
    title = "Checkliste Kontrolle Shisha-Bar"
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        punkte = [
            "Gewerbeanmeldung und Gaststättenerlaubnis prüfen",
            "Steuerzeichen auf Tabakverpackungen (Zoll)",
            "CO-Messung vor dem Betreten, Messwert dokumentieren",
            "Jugendschutz: Altersnachweise der Gäste",
            "Beschäftigte: Anmeldung zur Sozialversicherung (FKS)",
        ]
        document.file.save("checkliste-shisha.pdf", ContentFile(_checkliste_pdf(title, punkte)), save=True)
    page = FachgebietPage.objects.filter(fachgebiet__slug="shisha").first()
    if page is not None and not FachgebietDokument.objects.filter(page=page, dokument=document).exists():
        FachgebietDokument.objects.create(
            page=page,
            dokument=document,
            beschreibung="Gemeinsame Kontrolle von Ordnungsamt, Polizei und Zoll",
        )
    Image = get_image_model()
    if not Image.objects.filter(title="Übersicht Metropole Ruhr").exists():
        Image.objects.create(
            title="Übersicht Metropole Ruhr",
            description="Schematische Übersicht der kreisfreien Städte und Kreise der Metropole Ruhr",
            file=ContentFile(_karte_png(), name="uebersicht-ruhr.png"),
        )
    ctx.log("Fachgebiete: Dokumente und Bilder angelegt")
