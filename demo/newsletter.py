"""Demo: two sent issues in the archive (with the per-recipient digests recorded) and a draft."""

import datetime

from django.utils import timezone

from demo.context import DemoContext
from newsletter.digest import CLASSIFIED_TITLE
from newsletter.models import Abschnitt, Ausgabe, AusgabeStatus, Hervorhebung, Zustellung, ZustellungStatus

POLIZEI = ("pp-essen-ap", "pp-essen-mitglied")
ZOLL = ("hza-dortmund-ap", "hza-dortmund-mitglied")

ISSUES = [
    {
        "titel": "KW 46/2026: Schwerpunkt Shisha-Bars und Geldwäsche",
        "wochen_zurueck": 2,
        "editorial": (
            "<h2>Liebe Kolleginnen und Kollegen,</h2>"
            "<p>die gemeinsamen Kontrollen von Ordnungsämtern, Polizei und Zoll in Shisha-Bars haben im Oktober "
            "erneut gezeigt, wie eng Gewerbe-, Steuer- und Strafrecht zusammenhängen. In dieser Ausgabe finden "
            "Sie die aktualisierte Checkliste für Verbundkontrollen und die Ergebnisse der Erhebung zum "
            "dritten Quartal.</p>"
            '<p>Ihre Rückmeldungen zur Checkliste nimmt die Geschäftsstelle gern im <a href="/austausch/">'
            "Informationsaustausch</a> entgegen.</p>"
        ),
        "hervorhebungen": [
            ("Checkliste Verbundkontrolle Shisha-Bar (Stand November 2026)", "/fachgebiete/shisha/"),
            ("Fachtag Vermögensabschöpfung am 10. Dezember in Essen", "/kalender/"),
        ],
        "abschnitte": [
            (
                "shisha",
                "Aus dem Arbeitskreis Shisha",
                "<p>Der Arbeitskreis hat die Auswertung der Tabaksteuerfälle abgeschlossen; das Protokoll der "
                "Sitzung vom 4. November steht im Arbeitskreisbereich.</p>",
            )
        ],
        "digest": [
            (
                "Fachgebiete",
                "Shisha: Neue Hinweise zur Tabaksteuer bei losem Wasserpfeifentabak",
                "/fachgebiete/shisha/",
                None,
            ),
            (
                "Informationsaustausch",
                "Erfahrungen mit Nutzungsuntersagungen nach § 15 GastG",
                "/austausch/",
                None,
            ),
            ("Lagebilder", "Lagebild Shisha-Gewerbe Ruhr, 3. Quartal 2026", "/lagebilder/", None),
            ("Lagebilder", None, "/lagebilder/", POLIZEI),  # VS-NfD: only the placeholder is recorded
            (
                "Erhebungen",
                "Erhebung Gewerbekontrollen 3. Quartal: Ergebnisse freigegeben",
                "/erhebungen/",
                None,
            ),
        ],
    },
    {
        "titel": "KW 47/2026: Bewachungsgewerbe und Aufenthaltsrecht",
        "wochen_zurueck": 1,
        "editorial": (
            "<p>In dieser Woche stehen zwei Themen im Mittelpunkt: die neuen Prüfpunkte zur Zuverlässigkeit im "
            "Bewachungsgewerbe und der Austausch zwischen Ausländerbehörden und Polizei bei "
            "aufenthaltsbeendenden Maßnahmen.</p>"
        ),
        "hervorhebungen": [
            ("Leitfaden Zuverlässigkeitsprüfung Bewachungsgewerbe", "/fachgebiete/bewachungsgewerbe/")
        ],
        "abschnitte": [],
        "digest": [
            (
                "Fachgebiete",
                "Bewachungsgewerbe: Prüfschema § 34a GewO aktualisiert",
                "/fachgebiete/bewachungsgewerbe/",
                None,
            ),
            (
                "Informationsaustausch",
                "Anfrage 360°-Analyse: Familienverbund Duisburg-Marxloh",
                "/austausch/",
                ("stadt-duisburg-ap",),
            ),
            (
                "Fachveranstaltungen",
                "Online-Schulung Aufenthaltsrecht für Kommunen am 3. Dezember",
                "/kalender/",
                None,
            ),
            ("Lagebilder", "Lagebild Schwarzarbeit im Bewachungsgewerbe", "/lagebilder/", ZOLL + POLIZEI),
        ],
    },
]

DRAFT_TITLE = "KW 48/2026: Glücksspiel und illegale Spielstätten"


def _digest_for(key: str, entries) -> list[dict]:
    sections: dict[str, list] = {}
    for label, titel, url, only in entries:
        if only is not None and key not in only:
            continue  # as the live digest: only what this person may see
        item = {"titel": titel or CLASSIFIED_TITLE, "url": url, "neu": True, "vsnfd": titel is None}
        sections.setdefault(label, []).append(item)
    return [{"label": label, "items": items} for label, items in sections.items()]


def _ensure_issue(ctx: DemoContext, spec: dict, author, approver) -> Ausgabe:
    from fachgebiete.models import Fachgebiet

    now = timezone.now()
    sent = now - datetime.timedelta(weeks=spec["wochen_zurueck"])
    ausgabe, _created = Ausgabe.objects.update_or_create(
        titel=spec["titel"],
        defaults={
            "editorial": spec["editorial"],
            "status": AusgabeStatus.VERSENDET,
            "erstellt_von": author,
            "eingereicht_von": author,
            "freigegeben_von": approver,
            "freigegeben_am": sent - datetime.timedelta(hours=20),
            "digest_seit": sent - datetime.timedelta(days=7),
            "versand_gestartet_am": sent,
            "versendet_am": sent + datetime.timedelta(minutes=3),
        },
    )
    ausgabe.hervorhebungen.all().delete()
    ausgabe.abschnitte.all().delete()
    for n, (titel, url) in enumerate(spec["hervorhebungen"]):
        Hervorhebung.objects.create(ausgabe=ausgabe, titel=titel, url=url, sort_order=n)
    for n, (slug, titel, text) in enumerate(spec["abschnitte"]):
        Abschnitt.objects.create(
            ausgabe=ausgabe,
            fachgebiet=Fachgebiet.objects.filter(slug=slug).first(),
            titel=titel,
            text=text,
            sort_order=n,
        )
    for key, user in ctx.users.items():
        Zustellung.objects.update_or_create(
            ausgabe=ausgabe,
            empfaenger=user,
            defaults={
                "email": user.email,
                "status": ZustellungStatus.SENT,
                "gesendet_am": sent + datetime.timedelta(minutes=1),
                "versuche": 1,
                "worker": "demo",
                "digest": _digest_for(key, spec["digest"]),
            },
        )
    return ausgabe


def seed(ctx: DemoContext) -> None:
    author = ctx.users.get("gs-redaktion")
    approver = ctx.users.get("gs-admin")
    for spec in ISSUES:
        _ensure_issue(ctx, spec, author, approver)
    draft, created = Ausgabe.objects.get_or_create(
        titel=DRAFT_TITLE,
        defaults={
            "erstellt_von": author,
            "editorial": (
                "<p>Illegales Glücksspiel verlagert sich zunehmend in Hinterzimmer von Cafés und Kiosken. "
                "Die Stadt Gelsenkirchen berichtet in dieser Ausgabe von ihren Erfahrungen mit "
                "Schwerpunktkontrollen.</p>"
            ),
        },
    )
    if created:
        Hervorhebung.objects.create(
            ausgabe=draft, titel="Arbeitskreis Illegales Glücksspiel: nächste Sitzung", url="/arbeitskreise/"
        )
    ctx.log(f"Newsletter: {len(ISSUES)} versendete Ausgaben im Archiv, Entwurf „{draft.titel}“.")
