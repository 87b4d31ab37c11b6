"""URL samples for the quality gates: a demo accessibility feedback."""

from tests.url_inventory import register_sample


def _rueckmeldung_kwargs():
    from rechtliches.models import Rueckmeldung

    rueckmeldung = Rueckmeldung.objects.order_by("pk").first()
    return {"pk": rueckmeldung.pk} if rueckmeldung else None


register_sample("rechtliches:rueckmeldung_erledigen", _rueckmeldung_kwargs)
