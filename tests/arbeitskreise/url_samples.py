"""Sample kwargs (from the demo data) for the Arbeitskreise URLs, for the quality gates."""

from tests.url_inventory import register_sample


def _slug():
    from arbeitskreise.models import Arbeitskreis

    ak = Arbeitskreis.objects.filter(name="Shisha").first()
    return {"slug": ak.slug} if ak else None


def _anfrage():
    from arbeitskreise.models import Beitrittsanfrage

    anfrage = Beitrittsanfrage.objects.select_related("arbeitskreis").first()
    return {"slug": anfrage.arbeitskreis.slug, "pk": anfrage.pk} if anfrage else None


def _dokument():
    from arbeitskreise.models import Dokument

    dokument = Dokument.objects.select_related("arbeitskreis").first()
    return {"slug": dokument.arbeitskreis.slug, "pk": dokument.pk} if dokument else None


for name in (
    "arbeitskreise:detail",
    "arbeitskreise:beitreten",
    "arbeitskreise:mitglieder",
    "arbeitskreise:sitzung_neu",
    "arbeitskreise:ical",
    "arbeitskreise:dokument_neu",
):
    register_sample(name, _slug)


def _sitzung():
    from arbeitskreise.models import Sitzung

    sitzung = Sitzung.objects.select_related("arbeitskreis").first()
    return {"slug": sitzung.arbeitskreis.slug, "pk": sitzung.pk} if sitzung else None


register_sample("arbeitskreise:entscheiden", _anfrage)
register_sample("arbeitskreise:sitzung_loeschen", _sitzung)
register_sample("arbeitskreise:dokument", _dokument)
