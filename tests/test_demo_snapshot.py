"""The demo of transactional tests, put back from a copy (tests/demo_snapshot.py): after a test's flush,
`seed_demo()` gives the database exactly the rows the seed wrote, and the seeded files."""

import pytest

from tests.conftest import DEMO_SNAPSHOT, _seed_all, seed_demo

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _tables() -> list[str]:
    from django.db import connection

    return connection.introspection.django_table_names(only_existing=True, include_views=False)


def _rows() -> dict[str, tuple[int, str]]:
    """Per table the number of rows and a digest of all of them (every column, primary keys included)."""
    from django.db import connection
    from psycopg import sql

    found = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(row::text, '|' ORDER BY row::text), '')) FROM {} row"
                ).format(sql.Identifier(table))
            )
            found[table] = cursor.fetchone()
    return found


def _flush() -> None:
    """What pytest-django does after a transactional test."""
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False, reset_sequences=False)


def test_the_copy_gives_back_the_seeded_rows_and_files():
    from accounts.models import User

    seed_demo()  # the first seed of this process takes the copy; later ones put it back
    seeded = _rows()
    assert seeded["accounts_user"][0] >= 4
    assert DEMO_SNAPSHOT.context is not None

    # A test changes rows and removes a seeded file; the flush empties every table.
    User.objects.update(first_name="Geändert")
    removed = next(iter(DEMO_SNAPSHOT.files), None)
    if removed is not None:
        removed.unlink()
    _flush()
    assert not User.objects.exists()

    context = seed_demo()
    assert _rows() == seeded
    assert removed is None or removed.exists()
    assert all(path.exists() for path in DEMO_SNAPSHOT.files)
    # The context's people are the database's, fresh objects.
    person = context.users["pp-essen-mitglied"]
    assert person.first_name != "Geändert"
    assert User.objects.get(email=person.email).pk == person.pk

    # The next primary keys continue where the seed left them.
    from behoerden.models import Behoerde

    highest = Behoerde.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert Behoerde.objects.create(name="Neu nach dem Demo").pk > highest


def test_the_copy_has_what_a_real_seed_writes():
    """The same tables with the same number of rows as the demo seeded on a flushed database."""
    seed_demo()
    from_copy = {table: count for table, (count, _digest) in _rows().items()}
    _flush()
    _seed_all()
    assert {table: count for table, (count, _digest) in _rows().items()} == from_copy


def test_seed_demo_on_a_database_with_people_seeds_for_real(user_factory):
    """Not on an empty database (the test wrote first): no copy is put back over the test's rows."""
    from accounts.models import User

    own = user_factory("mitglied", email="eigene@example.org")
    context = seed_demo()
    assert User.objects.filter(pk=own.pk).exists()
    assert User.objects.filter(email=context.users["pp-essen-mitglied"].email).exists()


def test_the_copy_leaves_the_migration_records_sequence_alone():
    """Migration tests record migrations between two browser tests; putting the demo back must not set
    django_migrations' sequence back to where it was when the copy was taken."""
    from django.db import connection

    seed_demo()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('siko_copy_test', 'a', now()) RETURNING id"
        )
        first = cursor.fetchone()[0]
    _flush()
    seed_demo()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO django_migrations (app, name, applied) VALUES ('siko_copy_test', 'b', now()) "
                "RETURNING id"
            )
            assert cursor.fetchone()[0] > first
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE app = 'siko_copy_test'")
