"""Demo content of the legal section: Impressum, Datenschutzhinweise, Erklärung zur Barrierefreiheit,
Nutzungsbedingungen and VS-NfD-Merkblatt (version 1), confirmed by every demo account.

All texts are DEMO texts (marked as such); facts about the Geschäftsstelle as in the reference data.
"""

import datetime

from django.contrib.auth.models import Permission

from accounts.models import User
from accounts.roles import ensure_role_groups
from demo.context import DemoContext
from demo.pages import ensure_home_page, upsert_page
from rechtliches.models import BarrierefreiheitPage, DatenschutzPage, ImpressumPage, Regelwerk, Rueckmeldung
from rechtliches.services import regelwerk_confirm_current_for

GESCHAEFTSSTELLE = {
    "name": "Sicherheitskooperation Ruhr – Geschäftsstelle",
    "street": "Müller-Breslau-Str. 28",
    "postcode": "45130",
    "city": "Essen",
    "phone": "+49 201 475892-0",
    "email": "geschaeftsstelle@siko-ruhr.nrw.de",
}
DEMO_HINWEIS = (
    "<p><strong>Demotext:</strong> Dieser Text ist ein Beispiel und keine rechtsverbindliche Fassung.</p>"
)
ADRESSE = (
    f"<p>{GESCHAEFTSSTELLE['name']}<br>{GESCHAEFTSSTELLE['street']}<br>"
    f"{GESCHAEFTSSTELLE['postcode']} {GESCHAEFTSSTELLE['city']}<br>Telefon {GESCHAEFTSSTELLE['phone']}<br>"
    f"E-Mail {GESCHAEFTSSTELLE['email']}</p>"
)

IMPRESSUM = (
    DEMO_HINWEIS + "<h2>Anbieter</h2>" + ADRESSE + "<p>Die Sicherheitskooperation Ruhr ist eine Kooperation "
    "der Polizei, der Kommunen, des Zolls, der Bundespolizei und der Finanzverwaltung im Ruhrgebiet "
    "(gegründet im Juni 2020). Die Geschäftsstelle betreibt dieses Portal als geschlossene Benutzergruppe.</p>"
    "<h2>Vertreten durch</h2><p>Die Leitung der Geschäftsstelle (Demo).</p>"
    "<h2>Verantwortlich für den Inhalt</h2><p>Redaktion der Geschäftsstelle, Anschrift wie oben. Für die Inhalte "
    "der Lagebilder und Beiträge sind die jeweils einstellenden Partnerbehörden verantwortlich.</p>"
)
DATENSCHUTZ = (
    DEMO_HINWEIS
    + "<h2>1. Verantwortliche Stelle</h2>"
    + ADRESSE
    + "<h2>2. Datenschutzbeauftragte</h2><p>Die behördliche Datenschutzbeauftragte der Geschäftsstelle, "
    "Anschrift wie oben, E-Mail datenschutz@siko-ruhr.nrw.de (Demo).</p>"
    "<h2>3. Zwecke und Rechtsgrundlagen</h2><p>Wir verarbeiten Ihre Kontodaten (Name, dienstliche E-Mail-Adresse, "
    "Behörde, Funktion, Telefon), Ihre Beiträge und Uploads sowie Protokolldaten (Zeitpunkt, Aktion, IP-Adresse, "
    "Browser), um den Informationsaustausch der Partner zu ermöglichen und die Sicherheit des Portals zu "
    "gewährleisten (Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit § 3 DSG NRW).</p>"
    "<h2>4. Empfänger</h2><p>Inhalte sehen nur die Personen der Partnerbehörden, für die sie freigegeben sind. "
    "Das Protokoll sieht die Geschäftsstelle, für ihre Beschäftigten auch die Ansprechpartnerin oder der "
    "Ansprechpartner der eigenen Behörde. Eine Übermittlung in Drittländer findet nicht statt.</p>"
    "<h2>5. Speicherdauer</h2><p>Kontodaten bis zur Deaktivierung des Kontos; Beiträge im Informationsaustausch "
    "und Protokolleinträge nach den im Portal eingestellten Aufbewahrungsfristen.</p>"
    "<h2>6. Ihre Rechte</h2><p>Sie haben das Recht auf Auskunft (Art. 15 DSGVO – unter „Meine Daten“ im Fuß "
    "jeder Seite), Berichtigung, Löschung, Einschränkung der Verarbeitung und Widerspruch sowie das Recht auf "
    "Beschwerde bei der Landesbeauftragten für Datenschutz und Informationsfreiheit Nordrhein-Westfalen "
    "(Düsseldorf).</p><h2>7. Cookies</h2><p>Das Portal setzt nur technisch notwendige Cookies (Sitzung, "
    "Schutz vor Cross-Site-Request-Forgery). Es gibt kein Tracking und keine Inhalte Dritter.</p>"
)
BARRIEREFREIHEIT_TEXT = (
    DEMO_HINWEIS
    + "<p>Die Geschäftsstelle der Sicherheitskooperation Ruhr ist bemüht, ihr Portal im Einklang mit "
    "der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und der Barrierefreie-Informationstechnik-"
    "Verordnung Nordrhein-Westfalen (BITV NRW) barrierefrei zugänglich zu machen. Diese Erklärung gilt für das "
    "Partnerportal der Sicherheitskooperation Ruhr.</p>"
)
MAENGEL = (
    "<ul><li>Die Redaktionsoberfläche (Wagtail-Administration) ist nicht vollständig barrierefrei; einzelne "
    "Bedienelemente sind nur eingeschränkt per Tastatur erreichbar.</li>"
    "<li>Als PDF hochgeladene Lagebilder der Partnerbehörden sind nicht immer barrierefrei gestaltet. Die "
    "Geschäftsstelle stellt auf Anfrage eine zugängliche Fassung bereit.</li>"
    "<li>Diagramme der Gesamtlagedarstellung haben eine Tabelle mit denselben Werten als Alternative.</li></ul>"
)
DURCHSETZUNG = (
    "<p><strong>Demotext:</strong> Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, "
    "können Sie sich an die Durchsetzungs- und Ombudsstelle für barrierefreie Informationstechnik des Landes "
    "Nordrhein-Westfalen wenden (bei der bzw. dem Beauftragten der Landesregierung für Menschen mit "
    "Behinderung und für Patientinnen und Patienten in Nordrhein-Westfalen). Die Kontaktdaten entnehmen Sie "
    "bitte dem Internetangebot der Landesregierung; die Anschrift in dieser Demo ist nicht hinterlegt.</p>"
)
NUTZUNGSBEDINGUNGEN = (
    DEMO_HINWEIS + "<ol><li>Das Portal dient ausschließlich dienstlichen Zwecken der Partnerbehörden.</li>"
    "<li>Zugangsdaten und zweiter Faktor sind persönlich und dürfen nicht weitergegeben werden.</li>"
    "<li>Informationen werden nur nach dem Grundsatz „Kenntnis nur, wenn nötig“ geteilt und genutzt.</li>"
    "<li>Personenbezogene Daten Dritter werden nur eingestellt, soweit eine Rechtsgrundlage besteht.</li>"
    "<li>Verstöße können zur Sperrung des Zugangs führen; die Ansprechpartnerin oder der Ansprechpartner "
    "Ihrer Behörde wird informiert.</li></ol>"
)
MERKBLATT = (
    DEMO_HINWEIS + "<p>Verschlusssachen des Geheimhaltungsgrades VS – NUR FÜR DEN DIENSTGEBRAUCH (VS-NfD) "
    "sind vor der Kenntnisnahme durch Unbefugte zu schützen (VS-Anweisung, VSA).</p><ul>"
    "<li>VS-NfD-Material nur an Personen weitergeben, die es für ihre dienstliche Aufgabe benötigen.</li>"
    "<li>Ausdrucke tragen die Kennzeichnung oben und unten auf jeder Seite; sie sind unter Verschluss "
    "aufzubewahren und mit geeigneten Aktenvernichtern zu vernichten.</li>"
    "<li>VS-NfD-Inhalte niemals per unverschlüsselter E-Mail versenden oder auf private Geräte laden.</li>"
    "<li>Verlust oder Verdacht auf Kenntnisnahme durch Unbefugte sofort der Geschäftsstelle melden.</li></ul>"
)


def seed(ctx: DemoContext) -> None:
    home = ensure_home_page()
    upsert_page(home, ImpressumPage, "impressum", title="Impressum", text=IMPRESSUM)
    upsert_page(home, DatenschutzPage, "datenschutz", title="Datenschutzhinweise", text=DATENSCHUTZ)
    upsert_page(
        home,
        BarrierefreiheitPage,
        "barrierefreiheit",
        title="Erklärung zur Barrierefreiheit",
        text=BARRIEREFREIHEIT_TEXT,
        konformitaet=BarrierefreiheitPage.Konformitaet.TEILWEISE,
        bekannte_maengel=MAENGEL,
        letzte_pruefung=datetime.date(2026, 11, 30),
        pruefmethode="Selbstbewertung mit axe-core und manueller Prüfung (Demo)",
        durchsetzungsstelle=DURCHSETZUNG,
    )
    for art, titel, text in (
        (Regelwerk.Art.NUTZUNGSBEDINGUNGEN, "Nutzungsbedingungen des SiKo Ruhr Portals", NUTZUNGSBEDINGUNGEN),
        (Regelwerk.Art.MERKBLATT, "Merkblatt zum Umgang mit VS – NUR FÜR DEN DIENSTGEBRAUCH", MERKBLATT),
    ):
        Regelwerk.objects.get_or_create(art=art, version=1, defaults={"titel": titel, "text": text})
    _grant_snippet_rights()
    if not Rueckmeldung.objects.exists():
        Rueckmeldung.objects.create(
            kontakt="mitglied@pp-essen.nrw.de",
            seite="/erhebungen/lage/",
            text="Das Liniendiagramm ist mit der Bildschirmlupe schwer zu lesen (Demo-Rückmeldung).",
            text_hash="demo",
        )
    # Demo accounts start confirmed, so that `make demo` opens on content (new people are asked).
    unconfirmed = User.objects.exclude(regelwerk_bestaetigungen__isnull=False)
    count = regelwerk_confirm_current_for(users=list(unconfirmed))
    ctx.log(f"Rechtliches: Impressum, Datenschutz, Barrierefreiheit; {count} Bestätigungen angelegt.")


def _grant_snippet_rights() -> None:
    redaktion, geschaeftsstelle = ensure_role_groups()
    perms = Permission.objects.filter(
        content_type__app_label="rechtliches",
        codename__in=["add_regelwerk", "change_regelwerk", "view_regelwerk"],
    )
    for group in (redaktion, geschaeftsstelle):
        group.permissions.add(*perms)
