from behoerden.models import Behoerde
from behoerden.reference import load_reference_data
from demo.context import DemoContext

# Contact details for the demo authorities (demonstration values).
DEMO_KONTAKTE = {
    "Polizeipräsidium Essen": {
        "strasse": "Büscherstraße 2–6",
        "plz": "45131",
        "ort": "Essen",
        "telefon": "+49 201 829-0",
        "funktionspostfach": "poststelle.essen@polizei.nrw.de",
        "zustaendigkeiten": "Gefahrenabwehr und Strafverfolgung in Essen und Mülheim an der Ruhr. "
        "Kriminalinspektion 2: Organisierte Kriminalität und Clankriminalität, Finanzermittlungen.",
    },
    "Stadt Gelsenkirchen": {
        "strasse": "Ebertstraße 11",
        "plz": "45879",
        "ort": "Gelsenkirchen",
        "telefon": "+49 209 169-0",
        "funktionspostfach": "ordnungsamt@gelsenkirchen.de",
        "zustaendigkeiten": "Kommunaler Ordnungsdienst, Gewerbeüberwachung (Shisha-Bars, Spielhallen, Wettbüros), "
        "Ausländerbehörde, Jugendamt.",
    },
    "Hauptzollamt Dortmund": {
        "strasse": "Hohe Straße 141",
        "plz": "44139",
        "ort": "Dortmund",
        "telefon": "+49 231 9576-0",
        "funktionspostfach": "poststelle.hza-dortmund@zoll.bund.de",
        "zustaendigkeiten": "Finanzkontrolle Schwarzarbeit, Kontrollen unversteuerten Tabaks (Shisha), "
        "Vollstreckung, Verbrauchsteuern.",
    },
    "Stadt Duisburg": {
        "strasse": "Burgplatz 19",
        "plz": "47051",
        "ort": "Duisburg",
        "telefon": "+49 203 283-0",
        "funktionspostfach": "buergeramt@stadt-duisburg.de",
        "zustaendigkeiten": "Bürger- und Ordnungsamt, Ausländerbehörde, Bauordnung, gemeinsame Kontrollen mit Polizei und Zoll.",
    },
}


def seed(ctx: DemoContext) -> None:
    counts = load_reference_data()
    for name, values in DEMO_KONTAKTE.items():
        Behoerde.objects.filter(name=name).update(**values)
    ctx.log("Referenzdaten: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
