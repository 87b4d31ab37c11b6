"""The Lagebilder world is built once per process (`world`, on `_lagebilder_world_session`), yet each test starts from
the same state: in file order, the second test sees neither the first one's database changes nor its
in-memory changes of the world's objects."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_test_may_change_the_world(world):
    from lagebilder.models import Lagebild

    world.users["a_mitglied"].first_name = "Geändert"  # in memory only
    world.reports["eigene"].titel = "Geändert"  # in memory only
    assert Lagebild.objects.filter(pk=world.reports["alle"].pk).update(titel="Geändert") == 1
    world.b.name = "Geändert"
    world.b.save(update_fields=["name"])


def test_the_next_test_gets_the_world_unchanged(world):
    from lagebilder.models import Lagebild

    assert world.users["a_mitglied"].first_name != "Geändert"
    assert world.reports["eigene"].titel == "Nur Alpha intern"
    assert Lagebild.objects.get(pk=world.reports["alle"].pk).titel == "Für alle Partner"
    assert world.b.name == "Stadt Beta"
    assert world.users["b_mitglied"].behoerde.name == "Stadt Beta"
