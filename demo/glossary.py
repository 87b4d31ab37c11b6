"""Demo content: the glossary page and the cooperation's vocabulary (more than 30 terms)."""

from demo.context import DemoContext
from demo.pages import ensure_home_page, upsert_page
from fachgebiete.models import Fachgebiet
from glossary.models import GlossarBegriff, GlossaryPage

# (Begriff, Abkürzung, Definition, Synonyme, Fachgebiete)
TERMS = [
    (
        "Clankriminalität",
        "",
        "Kriminalität von Angehörigen ethnisch abgeschotteter Subkulturen, die auf "
        "verwandtschaftlichen Beziehungen, einer gemeinsamen Herkunft und einem hohen Maß an Abschottung beruht "
        "und die Rechtsordnung ablehnt (Definition des Landeslagebilds NRW).",
        "Clan-Kriminalität",
        [],
    ),
    (
        "Vermögensabschöpfung",
        "",
        "Einziehung von Taterträgen und Vermögen unklarer Herkunft nach §§ 73 ff. "
        "StGB, damit sich Straftaten wirtschaftlich nicht lohnen.",
        "Einziehung\nAbschöpfung",
        ["Vermögensabschöpfung"],
    ),
    (
        "Kreispolizeibehörde",
        "KPB",
        "Örtlich zuständige Polizeibehörde in NRW: Polizeipräsidium oder Landrat "
        "als Kreispolizeibehörde. Im Ruhrgebiet gibt es zwölf KPB.",
        "Polizeipräsidium",
        [],
    ),
    (
        "Communities That Care",
        "CTC",
        "Präventionsansatz, mit dem Kommunen Risiko- und Schutzfaktoren von "
        "Jugendlichen erheben und wirksame Programme auswählen.",
        "",
        [],
    ),
    (
        "360°-Analyse",
        "",
        "Ganzheitliche Betrachtung einer Person, Familie oder Örtlichkeit durch alle "
        "beteiligten Behörden, um sämtliche rechtlichen Ansatzpunkte zu nutzen.",
        "360-Grad-Analyse",
        [],
    ),
    (
        "Finanzkontrolle Schwarzarbeit",
        "FKS",
        "Arbeitsbereich des Zolls, der Schwarzarbeit, illegale "
        "Beschäftigung und Mindestlohnverstöße bekämpft.",
        "",
        ["Shisha", "Rotlicht"],
    ),
    (
        "Landeskriminalamt",
        "LKA",
        "Zentralstelle der Kriminalpolizei eines Landes; in NRW mit Sitz in "
        "Düsseldorf, u. a. zuständig für das Landeslagebild Clankriminalität.",
        "",
        [],
    ),
    (
        "Verbundkontrolle",
        "",
        "Gemeinsame Kontrolle mehrerer Behörden (Kommune, Polizei, Zoll, Steuerfahndung) "
        "an einem Ort mit jeweils eigenen Befugnissen.",
        "Verbundeinsatz",
        ["Shisha", "Glücksspiel"],
    ),
    (
        "Lagebild",
        "",
        "Verdichtete Darstellung von Erkenntnissen zu einem Phänomen, einem Raum oder einem "
        "Zeitraum als Grundlage für Entscheidungen.",
        "",
        [],
    ),
    (
        "Gewerbeuntersagung",
        "",
        "Untersagung eines Gewerbes wegen Unzuverlässigkeit nach § 35 GewO, auch gegenüber Strohleuten.",
        "",
        ["Glücksspiel", "Bewachungsgewerbe"],
    ),
    (
        "Strohmann",
        "",
        "Person, die nach außen als Inhaber eines Betriebs auftritt, während eine andere "
        "Person tatsächlich bestimmt.",
        "Strohleute\nStrohfrau",
        ["Glücksspiel", "Shisha"],
    ),
    (
        "Spielersperrsystem OASIS",
        "OASIS",
        "Bundesweites, spielformübergreifendes Sperrsystem nach § 8 GlüStV 2021.",
        "Sperrdatei",
        ["Glücksspiel"],
    ),
    (
        "Glücksspielstaatsvertrag",
        "GlüStV",
        "Staatsvertrag der Länder über das Glücksspielwesen; seit 1. Juli 2021 in der Fassung GlüStV 2021.",
        "",
        ["Glücksspiel"],
    ),
    (
        "Prostituiertenschutzgesetz",
        "ProstSchG",
        "Bundesgesetz mit Anmeldepflicht für Prostituierte und Erlaubnispflicht für Prostitutionsgewerbe.",
        "",
        ["Rotlicht"],
    ),
    (
        "Menschenhandel",
        "",
        "Anwerben, Befördern oder Beherbergen von Menschen zur Ausbeutung (§ 232 StGB).",
        "Zwangsprostitution",
        ["Rotlicht"],
    ),
    (
        "Kohlenmonoxid",
        "CO",
        "Geruchloses, giftiges Gas, das beim Verbrennen von Shisha-Kohle entsteht; "
        "Messung vor Betreten von Shisha-Bars.",
        "",
        ["Shisha"],
    ),
    (
        "Wasserpfeifentabak",
        "",
        "Tabakerzeugnis für Wasserpfeifen; unterliegt der Tabaksteuer und muss Steuerzeichen tragen.",
        "Shisha-Tabak",
        ["Shisha"],
    ),
    (
        "Bewacherregister",
        "",
        "Bundesweites Register der Bewachungsunternehmen und Wachpersonen, geführt "
        "beim Bundesamt für Wirtschaft und Ausfuhrkontrolle.",
        "",
        ["Bewachungsgewerbe"],
    ),
    (
        "Sachkundeprüfung",
        "",
        "IHK-Prüfung nach § 34a GewO für Wachpersonen, u. a. für Einlasskontrollen in Diskotheken.",
        "",
        ["Bewachungsgewerbe"],
    ),
    (
        "Vermögensarrest",
        "",
        "Vorläufige Sicherung von Vermögen zur späteren Einziehung nach § 111e StPO.",
        "",
        ["Vermögensabschöpfung"],
    ),
    (
        "Selbständige Einziehung",
        "",
        "Einziehung von Vermögen unklarer Herkunft ohne Verurteilung einer "
        "bestimmten Person nach § 76a Abs. 4 StGB.",
        "",
        ["Vermögensabschöpfung"],
    ),
    (
        "Financial Intelligence Unit",
        "FIU",
        "Zentralstelle für Finanztransaktionsuntersuchungen beim Zoll; "
        "nimmt Geldwäsche-Verdachtsmeldungen entgegen.",
        "",
        ["Vermögensabschöpfung"],
    ),
    (
        "Geldwäsche",
        "",
        "Verschleiern der Herkunft von Vermögen aus rechtswidrigen Taten (§ 261 StGB).",
        "",
        ["Vermögensabschöpfung", "Glücksspiel"],
    ),
    (
        "Illegales Kraftfahrzeugrennen",
        "",
        "Verbotenes Rennen nach § 315d StGB, auch als Einzelraser.",
        "Raserszene\nAutorennen",
        ["Verkehr"],
    ),
    (
        "Poser-Szene",
        "",
        "Personen, die mit lauten, auffälligen Fahrzeugen in Innenstädten auftreten.",
        "Poser",
        ["Verkehr"],
    ),
    (
        "Fahrerlaubnisbehörde",
        "",
        "Kommunale Behörde, die Fahrerlaubnisse erteilt und bei Eignungszweifeln nach der FeV entzieht.",
        "",
        ["Verkehr"],
    ),
    (
        "Bedrohungsmanagement",
        "",
        "Systematisches Erkennen, Einschätzen und Entschärfen von Bedrohungslagen gegen Personen.",
        "",
        ["Bedrohungsmanagement"],
    ),
    (
        "Fallkonferenz",
        "",
        "Abgestimmte Besprechung eines Einzelfalls durch alle beteiligten Stellen.",
        "",
        ["Bedrohungsmanagement"],
    ),
    (
        "Ausweisung",
        "",
        "Verwaltungsakt, mit dem ein Aufenthaltsrecht endet (§ 53 AufenthG).",
        "",
        ["Aufenthaltsrecht"],
    ),
    (
        "Ausländerbehörde",
        "ABH",
        "Kommunale Behörde für aufenthaltsrechtliche Entscheidungen.",
        "",
        ["Aufenthaltsrecht"],
    ),
    (
        "Aufenthaltsgesetz",
        "AufenthG",
        "Bundesgesetz über Aufenthalt, Erwerbstätigkeit und Integration von Ausländern im Bundesgebiet.",
        "",
        ["Aufenthaltsrecht"],
    ),
    ("Kommunaler Ordnungsdienst", "KOD", "Außendienst der kommunalen Ordnungsbehörde.", "Ordnungsamt", []),
    (
        "Verschlusssache – Nur für den Dienstgebrauch",
        "VS-NfD",
        "Niedrigster Geheimhaltungsgrad; Weitergabe "
        "nur an Personen, die die Information dienstlich benötigen.",
        "",
        [],
    ),
    (
        "Gaststättengesetz",
        "GastG",
        "Bundesgesetz über die Erlaubnis und Überwachung von Gaststätten; § 15 "
        "regelt Rücknahme und Widerruf.",
        "",
        ["Shisha"],
    ),
]


def seed(ctx: DemoContext) -> None:
    home = ensure_home_page()
    upsert_page(
        home,
        GlossaryPage,
        "glossar",
        title="Glossar",
        intro="<p>Begriffe und Abkürzungen aus der Arbeit der Sicherheitskooperation Ruhr.</p>",
        inhaltlich_verantwortlich=ctx.users.get("gs-redaktion"),
    )
    fachgebiete = {f.name: f for f in Fachgebiet.objects.all()}
    for begriff, abkuerzung, definition, synonyme, namen in TERMS:
        term, _created = GlossarBegriff.objects.update_or_create(
            begriff=begriff,
            defaults={"abkuerzung": abkuerzung, "definition": f"<p>{definition}</p>", "synonyme": synonyme},
        )
        term.fachgebiete.set([fachgebiete[n] for n in namen if n in fachgebiete])
        term.save()
    ctx.log(f"Glossar: {len(TERMS)} Begriffe")
