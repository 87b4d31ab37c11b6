from erhebungen.models import Erhebung, Indikator, Meldung, Wert


def test_demo_seed_is_idempotent_and_realistic(reference_data):
    from io import StringIO

    from demo import erhebungen as erhebungen_demo
    from demo.context import DemoContext

    erhebungen_demo.seed(DemoContext(stdout=StringIO()))
    counts = (
        Indikator.objects.count(),
        Erhebung.objects.count(),
        Meldung.objects.count(),
        Wert.objects.count(),
    )
    erhebungen_demo.seed(DemoContext(stdout=StringIO()))
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


def test_demo_gesamtlage_defaults_to_a_complete_campaign(reference_data, user_factory):
    """The demo's open campaign (few reports so far) is marked and is neither the default nor in the trend."""
    from io import StringIO

    from demo import erhebungen as erhebungen_demo
    from demo.context import DemoContext
    from erhebungen.lage import build_lage

    erhebungen_demo.seed(DemoContext(stdout=StringIO()))
    lage = build_lage(user=user_factory("geschaeftsstelle"))
    offen = Erhebung.objects.get(status="offen")
    assert lage.periode.status == "geschlossen" and lage.periode.vollstaendig
    marked = next(p for p in lage.perioden if p.pk == offen.pk)
    assert not marked.vollstaendig and marked.hinweis.startswith(("unvollständig: ", "noch offen: "))
    assert offen not in [p for p, _c in lage.verlauf]
    # The demo's first quarter closed with 47 of 65 reports: below the quorum, so marked and left out too.
    assert [p.titel for p, _c in lage.verlauf] == [lage.periode.titel]
    assert all(
        p.hinweis.startswith("unvollständig: ") or p.hinweis.startswith("noch offen: ")
        for p in lage.ausgelassen
    )
    assert len(lage.ausgelassen) == len(lage.perioden) - 1
