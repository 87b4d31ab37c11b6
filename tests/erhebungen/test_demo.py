from erhebungen.models import Erhebung, Indikator, Meldung, Wert


def test_demo_seed_is_idempotent_and_realistic(reference_data):
    from io import StringIO

    from erhebungen import demo
    from portal.demo_context import DemoContext

    demo.seed(DemoContext(stdout=StringIO()))
    counts = (
        Indikator.objects.count(),
        Erhebung.objects.count(),
        Meldung.objects.count(),
        Wert.objects.count(),
    )
    demo.seed(DemoContext(stdout=StringIO()))
    assert counts == (
        Indikator.objects.count(),
        Erhebung.objects.count(),
        Meldung.objects.count(),
        Wert.objects.count(),
    )
    assert Erhebung.objects.filter(status="geschlossen").count() == 2
    assert Erhebung.objects.filter(status="offen").count() == 1
    reporting = Meldung.objects.filter(status="eingereicht").values("behoerde").distinct().count()
    assert reporting >= 20
    assert Indikator.objects.get(schluessel="shisha-tabak-kg").versionen.count() == 2
