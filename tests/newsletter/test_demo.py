import io

import pytest

from demo import newsletter as newsletter_demo
from demo.context import DemoContext
from newsletter.models import Ausgabe, AusgabeStatus, Zustellung

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_records_digests(user_factory, behoerde_factory):
    ctx = DemoContext(stdout=io.StringIO())
    ctx.users = {
        "gs-redaktion": user_factory("redaktion"),
        "gs-admin": user_factory("geschaeftsstelle"),
        "pp-essen-mitglied": user_factory(),
        "stadt-duisburg-ap": user_factory("ansprechpartner"),
    }
    newsletter_demo.seed(ctx)
    newsletter_demo.seed(ctx)
    assert Ausgabe.objects.filter(status=AusgabeStatus.VERSENDET).count() == 2
    assert Ausgabe.objects.filter(status=AusgabeStatus.ENTWURF).count() == 1
    assert Zustellung.objects.count() == 2 * len(ctx.users)
    police = Zustellung.objects.filter(empfaenger=ctx.users["pp-essen-mitglied"]).first()
    duisburg = str(
        Zustellung.objects.filter(empfaenger=ctx.users["stadt-duisburg-ap"]).values_list("digest", flat=True)
    )
    assert "VS-NfD" in str(police.digest)
    assert "VS-NfD" not in duisburg
    for ausgabe in Ausgabe.objects.filter(status=AusgabeStatus.VERSENDET):
        assert ausgabe in Ausgabe.objects.archive_for(ctx.users["pp-essen-mitglied"])
