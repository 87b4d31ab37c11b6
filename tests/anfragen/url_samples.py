"""Sample kwargs (from the demo data) for the Anfragen URLs, for the quality gates."""

from tests.url_inventory import register_sample


def _anfrage(with_result=False):
    def provider():
        from anfragen.models import Anfrage

        qs = Anfrage.objects.filter(ergebnis_datei__isnull=False) if with_result else Anfrage.objects.all()
        anfrage = qs.first()
        return {"pk": anfrage.pk} if anfrage else None

    return provider


register_sample("anfragen:detail", _anfrage())
register_sample("anfragen:ergebnis", _anfrage(with_result=True))
