"""A small world: authorities A, B, C, an Arbeitskreis, people in every role, reports per visibility.

The world is built once per process (see `tests.conftest.SharedTestData`); each test gets fresh instances
of it, and its changes are rolled back after it.
"""

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import SharedTestData
from tests.dateien.files import pdf_bytes

# One counter per process: reports of the shared world and reports a test adds never share a number.
_numbers = itertools.count(1)


def shisha_fachgebiet():
    """The Fachgebiet every test report belongs to (created once, found again afterwards)."""
    from fachgebiete.models import Fachgebiet

    return Fachgebiet.objects.get_or_create(slug="shisha", defaults={"name": "Shisha"})[0]


def make_lagebild(
    autor,
    *,
    fachgebiet=None,
    sichtbarkeit=None,
    behoerden=(),
    arbeitskreise=(),
    klassifikation=None,
    status="veroeffentlicht",
    titel=None,
    upload=True,
    **kwargs,
):
    """Create a Lagebild through `lagebild_create` (with a PDF upload unless `upload=False`); `status`
    "entwurf" leaves it unpublished, "zurueckgezogen" withdraws it afterwards."""
    from lagebilder.models import Klassifikation, Sichtbarkeit
    from lagebilder.services import lagebild_create, lagebild_withdraw

    number = next(_numbers)
    lagebild = lagebild_create(
        by=autor,
        titel=titel or f"Lagebild Nummer {number}",
        zusammenfassung=kwargs.pop("zusammenfassung", "Kontrollen in Shisha-Bars, Ergebnisse der Woche."),
        zeitraum_von=dt.date(2026, 10, 1),
        zeitraum_bis=dt.date(2026, 10, 31),
        fachgebiete=[fachgebiet or shisha_fachgebiet()],
        klassifikation=klassifikation or Klassifikation.OFFEN,
        sichtbarkeit=sichtbarkeit or Sichtbarkeit.EIGENE_BEHOERDE,
        behoerden=behoerden,
        arbeitskreise=arbeitskreise,
        upload=SimpleUploadedFile(f"lage-{number}.pdf", pdf_bytes(f"Lagebild {number}")) if upload else None,
        veroeffentlichen=status != "entwurf",
        **kwargs,
    )
    if status == "zurueckgezogen":
        lagebild_withdraw(lagebild=lagebild, by=autor)
    return lagebild


@pytest.fixture
def fachgebiet(db):
    return shisha_fachgebiet()


@pytest.fixture
def lagebild_factory(db, fachgebiet):
    """Return `make_lagebild` for the `fachgebiet` fixture's Fachgebiet."""

    def make(autor, **kwargs):
        kwargs.setdefault("fachgebiet", fachgebiet)
        return make_lagebild(autor, **kwargs)

    return make


def build_world() -> SimpleNamespace:
    """Authorities A (Polizei), B (Kommune), C (Zoll), the Arbeitskreis `ak` (with c_ak as member), eight
    people and seven reports of a_autor, one per visibility and state."""
    from arbeitskreise.models import Arbeitskreis, Mitgliedschaft
    from behoerden.models import Behoerde
    from lagebilder.models import Klassifikation, Sichtbarkeit
    from tests.factories import make_behoerde, make_user

    a = make_behoerde("Polizeipräsidium Alpha", art=Behoerde.Art.POLIZEI)
    b = make_behoerde("Stadt Beta")
    c = make_behoerde("Hauptzollamt Gamma", art=Behoerde.Art.ZOLL)
    ak = Arbeitskreis.objects.create(name="AK Testkreis")
    users = {
        "a_autor": make_user("mitglied", behoerde=a),
        "a_mitglied": make_user("mitglied", behoerde=a),
        "a_ap": make_user("ansprechpartner", behoerde=a),
        "b_mitglied": make_user("mitglied", behoerde=b),
        "b_ap": make_user("ansprechpartner", behoerde=b),
        "c_mitglied": make_user("mitglied", behoerde=c),
        "c_ak": make_user("mitglied", behoerde=c),
        "gs": make_user("geschaeftsstelle"),
    }
    Mitgliedschaft.objects.create(arbeitskreis=ak, user=users["c_ak"])
    autor = users["a_autor"]
    reports = {
        "eigene": make_lagebild(autor, titel="Nur Alpha intern"),
        "behoerden": make_lagebild(
            autor, titel="Geteilt mit Beta", sichtbarkeit=Sichtbarkeit.BEHOERDEN, behoerden=[b]
        ),
        "vsnfd_behoerden": make_lagebild(
            autor,
            titel="VS Geteilt mit Beta",
            sichtbarkeit=Sichtbarkeit.BEHOERDEN,
            behoerden=[b],
            klassifikation=Klassifikation.VS_NFD,
        ),
        "arbeitskreise": make_lagebild(
            autor, titel="Nur Arbeitskreis", sichtbarkeit=Sichtbarkeit.ARBEITSKREISE, arbeitskreise=[ak]
        ),
        "alle": make_lagebild(autor, titel="Für alle Partner", sichtbarkeit=Sichtbarkeit.ALLE_PARTNER),
        "entwurf": make_lagebild(
            autor, titel="Entwurf Alpha", status="entwurf", sichtbarkeit=Sichtbarkeit.ALLE_PARTNER
        ),
        "zurueckgezogen": make_lagebild(
            autor,
            titel="Zurückgezogen Alpha",
            status="zurueckgezogen",
            sichtbarkeit=Sichtbarkeit.ALLE_PARTNER,
        ),
    }
    return SimpleNamespace(a=a, b=b, c=c, ak=ak, users=users, reports=reports)


LAGEBILDER_WORLD = SharedTestData("_lagebilder_world_session", build_world)
_lagebilder_world_session = LAGEBILDER_WORLD.session_fixture()


@pytest.fixture
def world(_lagebilder_world_session, db):
    """`build_world`'s world, built once per process, as fresh instances: changes a test makes to its
    objects stay out of the next test's objects (its database changes are rolled back after it)."""
    from accounts.models import User
    from arbeitskreise.models import Arbeitskreis
    from behoerden.models import Behoerde
    from lagebilder.models import Lagebild

    built = LAGEBILDER_WORLD.current()
    behoerden = Behoerde.objects.in_bulk([built.a.pk, built.b.pk, built.c.pk])
    users = User.objects.select_related("behoerde").in_bulk([user.pk for user in built.users.values()])
    reports = Lagebild.objects.in_bulk([report.pk for report in built.reports.values()])
    return SimpleNamespace(
        a=behoerden[built.a.pk],
        b=behoerden[built.b.pk],
        c=behoerden[built.c.pk],
        ak=Arbeitskreis.objects.get(pk=built.ak.pk),
        users={key: users[user.pk] for key, user in built.users.items()},
        reports={key: reports[report.pk] for key, report in built.reports.items()},
    )
