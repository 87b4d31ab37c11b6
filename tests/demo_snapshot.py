"""The demo installation for transactional tests (browser tests behind `live_server`): seeded once per
process, then put back from a copy.

A transactional test's database is emptied after it (pytest-django's flush), so each browser test used to
seed the whole demo again (`tests.conftest.seed_demo`, every section's module: ≈ 17 seeds per run, each
seconds of a core). Now the first seed of a process (an xdist worker) on PostgreSQL is followed by a copy
of every table the flush empties (`CREATE TABLE … AS TABLE …` in the schema `siko_demo_snapshot` of the
worker's test database), of the sequences' positions and of the files the seed wrote below MEDIA_ROOT.
Each later `seed_demo()` empties the same tables (as the flush does) and copies the rows back in one
transaction (foreign keys are deferred: Django creates them `DEFERRABLE INITIALLY DEFERRED`), sets the
sequences to where the seed left them, puts back seeded files a test removed or changed, and empties
the caches that the seed's own saves would have reset (the cache, the content generation, Django's
content type cache). The database then holds exactly what the seed wrote, row for row and with the same
primary keys.

The first seed of a process runs on a flushed database, as every later test starts from one (the first
transactional test of a process would otherwise seed over the rows of the migrations, e.g. Wagtail's
default groups). The copy is used only on a database without people (`seed_demo()` comes first in a
test); otherwise, on SQLite and inside an open transaction, the demo is seeded as before.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

SCHEMA = "siko_demo_snapshot"


def _media_files() -> dict[Path, int]:
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return {}
    return {path: path.stat().st_mtime_ns for path in root.rglob("*") if path.is_file()}


class DemoSnapshot:
    def __init__(self):
        self.context = None  # the DemoContext of the first seed
        self.tables: list[tuple[str, list[str]]] = []  # (table, columns) of the tables with rows
        self.emptied: list[str] = []  # every table the flush empties
        self.sequences: list[tuple[str, int | None, int]] = []  # (sequence, last_value, start_value)
        self.files: dict[Path, Path] = {}  # seeded file below MEDIA_ROOT -> its copy
        self.media_copy: Path | None = None

    @staticmethod
    def usable() -> bool:
        from django.db import connection

        from accounts.models import User

        return (
            connection.vendor == "postgresql" and not connection.in_atomic_block and not User.objects.exists()
        )

    def seed(self, seed_all):
        """The demo in the database (`seed_all()` the first time, the copy afterwards); returns the
        DemoContext with fresh person objects."""
        from django.core.management import call_command

        if not self.usable():
            return seed_all()
        if self.context is None:
            # The state every later test starts from: what pytest-django's flush leaves (the first
            # transactional test of a process would otherwise seed over the migrations' own rows).
            call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
            before = _media_files()
            context = seed_all()
            self._save(before)
            self.context = context
            return context
        self._restore()
        return self._fresh_context()

    def _fresh_context(self):
        from accounts.models import User

        seeded = self.context
        fresh = User.objects.select_related("behoerde").in_bulk([user.pk for user in seeded.users.values()])
        return replace(seeded, users={key: fresh[user.pk] for key, user in seeded.users.items()})

    def _save(self, media_before: dict[Path, int]) -> None:
        from django.db import connection
        from psycopg import sql

        self.emptied = connection.introspection.django_table_names(only_existing=True, include_views=False)
        schema = sql.Identifier(SCHEMA)
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema))
            cursor.execute(sql.SQL("CREATE SCHEMA {}").format(schema))
            self.tables = []
            for table in self.emptied:
                cursor.execute(
                    sql.SQL("CREATE TABLE {}.{} AS TABLE {}").format(
                        schema, sql.Identifier(table), sql.Identifier(table)
                    )
                )
                if cursor.rowcount:
                    columns = [
                        column.name
                        for column in connection.introspection.get_table_description(cursor, table)
                    ]
                    self.tables.append((table, columns))
                else:
                    cursor.execute(sql.SQL("DROP TABLE {}.{}").format(schema, sql.Identifier(table)))
            # The sequences of those tables only: others (django_migrations', which migration tests
            # advance) must not be set back.
            owned = [
                sequence["name"]
                for table in self.emptied
                for sequence in connection.introspection.get_sequences(cursor, table)
            ]
            cursor.execute(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value, start_value "
                "FROM pg_sequences WHERE schemaname = current_schema() AND sequencename = ANY(%s)",
                [owned],
            )
            self.sequences = list(cursor.fetchall())
        self.media_copy = Path(tempfile.mkdtemp(prefix="siko-demo-media-"))
        self.files = {}
        for index, (path, mtime) in enumerate(sorted(_media_files().items())):
            if media_before.get(path) != mtime:
                copy = self.media_copy / f"{index}-{path.name}"
                shutil.copy2(path, copy)
                self.files[path] = copy

    def _restore(self) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import cache, caches
        from django.core.management.color import no_style
        from django.db import connection, transaction
        from psycopg import sql

        from portal import content_cache
        from portal.content_cache import LOCAL_CACHE

        schema = sql.Identifier(SCHEMA)
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(no_style(), self.emptied):
                cursor.execute(statement)
            for table, columns in self.tables:
                names = sql.SQL(", ").join(map(sql.Identifier, columns))
                cursor.execute(
                    sql.SQL("INSERT INTO {table} ({names}) SELECT {names} FROM {schema}.{table}").format(
                        table=sql.Identifier(table), names=names, schema=schema
                    )
                )
            for sequence, last_value, start_value in self.sequences:
                if last_value is None:
                    cursor.execute("SELECT setval(%s::regclass, %s, false)", [sequence, start_value])
                else:
                    cursor.execute("SELECT setval(%s::regclass, %s, true)", [sequence, last_value])
        for path, copy in self.files.items():
            if not path.exists() or path.stat().st_size != copy.stat().st_size:
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(copy, path)
        ContentType.objects.clear_cache()
        cache.clear()
        caches[LOCAL_CACHE].clear()
        content_cache.new_generation()

    def discard(self) -> None:
        """At the end of the process: the file copies (the schema goes with the test database)."""
        if self.media_copy is not None:
            shutil.rmtree(self.media_copy, ignore_errors=True)
