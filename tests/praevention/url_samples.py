"""URL samples for the quality gates: an approved demo measure."""

from tests.url_inventory import register_sample


def _massnahme():
    from praevention.models import Massnahme

    massnahme = Massnahme.objects.order_by("pk").first()
    return {"pk": massnahme.pk} if massnahme else None


for _name in ("praevention:detail", "praevention:edit", "praevention:review"):
    register_sample(_name, _massnahme)
