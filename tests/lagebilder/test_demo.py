import io

import pytest

pytestmark = pytest.mark.django_db

USERS = {
    "pp-essen-ap": ("Polizeipräsidium Essen", "ansprechpartner"),
    "pp-essen-mitglied": ("Polizeipräsidium Essen", "mitglied"),
    "stadt-gelsenkirchen-ap": ("Stadt Gelsenkirchen", "ansprechpartner"),
    "stadt-gelsenkirchen-mitglied": ("Stadt Gelsenkirchen", "mitglied"),
    "hza-dortmund-ap": ("Hauptzollamt Dortmund", "ansprechpartner"),
    "hza-dortmund-mitglied": ("Hauptzollamt Dortmund", "mitglied"),
    "stadt-duisburg-ap": ("Stadt Duisburg", "ansprechpartner"),
    "stadt-duisburg-mitglied": ("Stadt Duisburg", "mitglied"),
}


def test_demo_seed_is_idempotent_and_covers_every_visibility(reference_data, user_factory):
    from pypdf import PdfReader

    from arbeitskreise.models import Arbeitskreis
    from behoerden.models import Behoerde
    from demo import lagebilder as lagebilder_demo
    from demo.context import DemoContext
    from lagebilder.models import Klassifikation, Lagebild, Sichtbarkeit
    from lagebilder.services import shared_group_ids

    ctx = DemoContext(stdout=io.StringIO())
    for key, (behoerde, role) in USERS.items():
        ctx.users[key] = user_factory(role, behoerde=Behoerde.objects.get(name=behoerde))
    lagebilder_demo.seed(ctx)
    lagebilder_demo.seed(ctx)
    assert Lagebild.objects.count() == len(lagebilder_demo.REPORTS) == 30
    assert Arbeitskreis.objects.count() == 5
    assert set(Lagebild.objects.values_list("sichtbarkeit", flat=True)) == set(Sichtbarkeit.values)
    vs_one_other = [
        lb
        for lb in Lagebild.objects.filter(
            klassifikation=Klassifikation.VS_NFD, sichtbarkeit=Sichtbarkeit.BEHOERDEN
        )
        if len(shared_group_ids(lb)) == 2
    ]
    assert vs_one_other
    ak_only = Lagebild.objects.filter(sichtbarkeit=Sichtbarkeit.ARBEITSKREISE).first()
    assert len(shared_group_ids(ak_only)) == 2  # author authority + one Arbeitskreis
    version = Lagebild.objects.first().aktuelle_version
    assert len(PdfReader(version.datei.datei.open("rb")).pages) == 2
