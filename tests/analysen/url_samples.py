"""Sample kwargs (from the demo data) for the 360°-Analysen URLs, for the quality gates.

The open demo case (the VS-NfD case from the Gelsenkirchen Anfrage) serves every page of a running
case; the closed one with the released report serves the report's PDF and read log."""

from tests.url_inventory import register_sample


def _open_case():
    from analysen.models import Analysevorgang

    return (
        Analysevorgang.objects.exclude(status="abgeschlossen").filter(fallbesprechungen__isnull=False).first()
    )


def _open_case_kwargs():
    vorgang = _open_case()
    return {"pk": vorgang.pk} if vorgang else None


def _released():
    from analysen.models import Analysevorgang

    return Analysevorgang.objects.filter(bericht__status="freigegeben", bericht__pdf__isnull=False).first()


def _case(pick):
    def provider():
        vorgang = pick()
        return {"pk": vorgang.pk} if vorgang else None

    return provider


def _beteiligung():
    vorgang = _open_case()
    beteiligung = vorgang and vorgang.beteiligungen.filter(entfernt_am__isnull=True).first()
    return {"pk": vorgang.pk, "bpk": beteiligung.pk} if beteiligung else None


def _anforderung():
    vorgang = _open_case()
    anforderung = vorgang and vorgang.anforderungen.filter(beitraege__isnull=True).first()
    return {"pk": vorgang.pk, "apk": anforderung.pk} if anforderung else None


def _datei():
    from analysen.models import BeitragDatei

    row = BeitragDatei.objects.first()
    return {"pk": row.pk} if row else None


def _besprechung():
    vorgang = _open_case()
    besprechung = vorgang and vorgang.fallbesprechungen.first()
    return {"fpk": besprechung.pk} if besprechung else None


def _aufgabe():
    from analysen.models import Aufgabe

    aufgabe = Aufgabe.objects.exclude(fallbesprechung__vorgang__status="abgeschlossen").first()
    return {"apk": aufgabe.pk} if aufgabe else None


for name in (
    "analysen:detail",
    "analysen:beteiligung_neu",
    "analysen:anfordern",
    "analysen:beitrag",
    "analysen:bericht",
    "analysen:bericht_einreichen",
    "analysen:bericht_freigeben",
    "analysen:fallbesprechung_neu",
    "analysen:abschliessen",
    "analysen:loeschfrist",
):
    register_sample(name, _case(_open_case))
for name in ("analysen:bericht_pdf", "analysen:bericht_abrufe"):
    register_sample(name, _case(_released))
for name in ("analysen:person_benennen", "analysen:beteiligung_entfernen"):
    register_sample(name, _beteiligung)
register_sample("analysen:erinnern", _anforderung)
register_sample("analysen:beitrag_datei", _datei)
for name in (
    "analysen:einladung_antwort",
    "analysen:protokoll",
    "analysen:aufgabe_neu",
    "analysen:fallbesprechung_aendern",
    "analysen:fallbesprechung_absagen",
):
    register_sample(name, _besprechung)
register_sample("analysen:aufgabe_status", _aufgabe)
