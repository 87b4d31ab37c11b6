"""Shared test data (tests/conftest.py `SharedTestData`): built once per process, yet every test starts
from the same state and no other test sees it.

The tests of this module run in file order on one process unless xdist splits them; on their own
(`pytest -p no:xdist tests/test_shared_test_data.py`) they prove the isolation step by step.
"""

import pytest

ADMIN = "admin@siko-ruhr.nrw.de"  # a demo account


def test_a_test_may_change_the_demo(demo):
    from accounts.models import User

    person = demo.users["pp-essen-mitglied"]
    person.first_name = "Geändert"  # in memory only: the next test gets a fresh instance
    assert User.objects.filter(email=ADMIN).update(last_name="Geändert") == 1


def test_the_next_test_gets_the_demo_unchanged(demo):
    from accounts.models import User

    assert User.objects.get(email=ADMIN).last_name != "Geändert"
    person = demo.users["pp-essen-mitglied"]
    assert person.first_name != "Geändert"
    assert User.objects.get(pk=person.pk).first_name == person.first_name


@pytest.mark.django_db(transaction=True)
def test_a_later_test_without_the_demo_sees_none_of_it():
    """Transactional tests run after the rolled-back ones, so after the demo tests of this process:
    the demo's transaction must have been rolled back before this one started."""
    from accounts.models import User

    assert not User.objects.filter(email=ADMIN).exists()


def test_template_builder_remembers_its_migration_process():
    """The background builder of the template database (tests/db_template.py) must be able to stop its
    `migrate` subprocess; a callback named like one of threading.Thread's own attributes was shadowed by
    it, the builder failed at once and a second migration ran against the same database."""
    from tests import db_template

    builder = db_template.Builder("test_unused_tpl", "run-id")
    process = object()
    builder._remember_process(process)
    assert builder.process is process
    assert builder.error is None and not builder.is_alive()
