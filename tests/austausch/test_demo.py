"""The demo seed creates the five Arbeitskreise, threads in every kind of area, and is idempotent."""

import io

from django.core.management import call_command


def _counts():
    from anfragen.models import Anfrage
    from arbeitskreise.models import Arbeitskreis, Dokument, Mitgliedschaft, Sitzung
    from austausch.models import Beitrag, BeitragAnhang, Thema

    models = (Arbeitskreis, Mitgliedschaft, Sitzung, Dokument, Thema, Beitrag, BeitragAnhang, Anfrage)
    return [m.objects.count() for m in models]


def test_seed_demo_is_idempotent_and_realistic(db):
    from arbeitskreise.models import Arbeitskreis
    from austausch.models import Bereich, Thema

    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    assert set(Arbeitskreis.objects.values_list("name", flat=True)) >= {
        "Shisha", "Rotlicht", "Illegales Glücksspiel", "Bewachung", "Kommunale Vermögensabschöpfung"
    }  # fmt: skip
    arten = set(Thema.objects.values_list("bereich__art", flat=True))
    assert arten == {Bereich.Art.ALLGEMEIN, Bereich.Art.FACHGEBIET, Bereich.Art.ARBEITSKREIS}
    assert Thema.objects.filter(antwort__isnull=False).count() >= 3
    assert first[3] >= 1 and first[6] >= 1  # an Arbeitskreis document and a post attachment
    for ak in Arbeitskreis.objects.all():
        behoerden = set(ak.mitgliedschaften.values_list("user__behoerde", flat=True))
        assert len(behoerden) >= 2
        assert ak.mitgliedschaften.filter(ist_leitung=True).exists()
