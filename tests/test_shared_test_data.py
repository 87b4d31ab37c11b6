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


@pytest.mark.postgres
def test_the_kept_copy_is_only_ever_this_runs_template():
    """CI keeps a copy of the run's migrated template for the production stack's test (SIKO_TEST_TEMPLATE_KEEP,
    scripts/stack.sh STACK_DB_FROM): the copy has the template's tables; a template of another run (or
    none) is never copied."""
    import uuid

    import psycopg
    from psycopg import sql

    from tests import db_template

    suffix = uuid.uuid4().hex[:8]
    template, target = f"test_keep_{suffix}_tpl", f"test_keep_{suffix}_copy"
    with db_template._admin(template) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(template)))
        conn.execute(sql.SQL("COMMENT ON DATABASE {} IS 'this-run'").format(sql.Identifier(template)))
    try:
        with psycopg.connect(dbname=template, autocommit=True, **db_template._server()) as conn:
            conn.execute("CREATE TABLE migrated (name text)")
            conn.execute("INSERT INTO migrated VALUES ('0001_initial')")
        assert not db_template.copy_of_template(target, template, run_id="another-run", create_template=False)
        assert db_template.copy_of_template(target, template, run_id="this-run", create_template=False)
        with psycopg.connect(dbname=target, **db_template._server()) as conn:
            assert conn.execute("SELECT name FROM migrated").fetchall() == [("0001_initial",)]
    finally:
        db_template.drop(target)
        db_template.drop(template)
    with psycopg.connect(dbname="postgres", **db_template._server()) as conn:
        names = {row[0] for row in conn.execute("SELECT datname FROM pg_database")}
    assert not names & {template, target}
