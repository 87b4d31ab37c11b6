"""URL samples for the quality gates: demo campaigns, indicators and submissions."""

from tests.url_inventory import register_sample


def _erhebung():
    from erhebungen.models import Erhebung

    erhebung = Erhebung.objects.order_by("-pk").first()
    return {"pk": erhebung.pk} if erhebung else None


def _meldung():
    from erhebungen.models import Meldung

    meldung = Meldung.objects.order_by("pk").first()
    return {"pk": meldung.pk} if meldung else None


def _indikator():
    from erhebungen.models import Indikator

    indikator = Indikator.objects.order_by("pk").first()
    return {"pk": indikator.pk} if indikator else None


def _oeffnen():
    from behoerden.models import Behoerde

    kwargs = _erhebung()
    behoerde = Behoerde.objects.filter(name="Stadt Gelsenkirchen").first()
    return {**kwargs, "behoerde_pk": behoerde.pk} if kwargs and behoerde else None


register_sample("erhebungen:lage_export", lambda: {"fmt": "csv"})
register_sample("erhebungen:indikator_bearbeiten", _indikator)
for _name in ("erhebungen:erhebung", "erhebungen:erhebung_status", "erhebungen:meine_meldung"):
    register_sample(_name, _erhebung)
register_sample("erhebungen:vorlage", lambda: {**_erhebung(), "fmt": "csv"} if _erhebung() else None)
register_sample("erhebungen:oeffnen_fuer", _oeffnen)
for _name in (
    "erhebungen:meldung",
    "erhebungen:meldung_import",
    "erhebungen:meldung_import_vorschau",
    "erhebungen:meldung_korrektur",
    "erhebungen:meldung_wiedereroeffnen",
):
    register_sample(_name, _meldung)
