"""URL samples for the quality gates: a real authority of the reference data."""

from tests.url_inventory import register_sample


def _behoerde():
    from behoerden.models import Behoerde

    behoerde = Behoerde.objects.filter(name="Polizeipräsidium Essen").first()
    return {"slug": behoerde.slug} if behoerde else None


register_sample("behoerden:detail", _behoerde)
register_sample("behoerden:edit", _behoerde)
