"""Sample kwargs (from the demo data) for the board's parametrised URLs, for the quality gates."""

from tests.url_inventory import register_sample


def _bereich():
    from austausch.models import Bereich

    bereich = Bereich.objects.filter(slug="allgemein").first()
    return {"slug": bereich.slug} if bereich else None


def _thema():
    from austausch.models import Thema

    thema = Thema.objects.filter(bereich__slug="allgemein", antwort__isnull=False).first()
    return {"pk": thema.pk} if thema else None


def _beitrag():
    from austausch.models import Beitrag

    # A post of the Geschäftsstelle's demo account, so that its own edit page exists as well.
    beitrag = Beitrag.objects.filter(autor__email="admin@siko-ruhr.nrw.de", geloescht_am__isnull=True).first()
    return {"pk": beitrag.pk} if beitrag else None


def _anhang():
    from austausch.models import BeitragAnhang

    anhang = BeitragAnhang.objects.first()
    return {"pk": anhang.pk} if anhang else None


for name in ("austausch:bereich", "austausch:thema_neu", "austausch:bereich_abo"):
    register_sample(name, _bereich)
for name in (
    "austausch:thema",
    "austausch:ungelesen",
    "austausch:antworten",
    "austausch:thema_moderation",
    "austausch:beantwortet",
):
    register_sample(name, _thema)
register_sample("austausch:thema_abo", _thema)
for name in (
    "austausch:beitrag",
    "austausch:beitrag_bearbeiten",
    "austausch:beitrag_versionen",
    "austausch:beitrag_loeschen",
    "austausch:beitrag_verbergen",
    "austausch:beitrag_melden",
):
    register_sample(name, _beitrag)
register_sample("austausch:anhang", _anhang)


def _meldung():
    from austausch.models import Meldung

    meldung = Meldung.objects.first()
    return {"pk": meldung.pk} if meldung else None


register_sample("austausch:meldung_erledigt", _meldung)
