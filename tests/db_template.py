"""One migration per test run on PostgreSQL: a template database, copied for every test database.

The first process of a run that needs a test database migrates `<test database>_tpl` once (`manage.py
migrate` with the test settings, in a subprocess); every xdist worker's test database is then a copy of it
(`CREATE DATABASE … TEMPLATE`, about a second), and pytest-django finds it in place (`django_db_keepdb`
in tests/conftest.py) and runs `migrate` over it, which has nothing left to apply. Before, each worker
migrated its own database from scratch (about 100 s each); the backup test copies the template too
instead of migrating a third database.

The template belongs to one run (`SIKO_TEST_RUN_ID`, set by the controlling pytest process unless CI
set it, inherited by the xdist workers, stored as the database's comment): a later run never uses an earlier
run's template, it migrates its own. The controlling process drops it when the run ends. An advisory
lock serialises creating and copying (PostgreSQL refuses to copy a database others are connected to).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

RUN_ID_ENV = "SIKO_TEST_RUN_ID"
# CI (.ci/run): the name of a database that gets a copy of the run's migrated template when the run ends,
# from which the production stack's test starts (scripts/stack.sh, STACK_DB_FROM) instead of migrating a
# fresh database a second time.
KEEP_ENV = "SIKO_TEST_TEMPLATE_KEEP"
SUFFIX = "_tpl"


def _server() -> dict:
    db = settings.DATABASES["default"]
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": int(db.get("PORT") or 5432),
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
    }


def database_url(name: str) -> str:
    """The URL of database `name` on the test server (for subprocesses)."""
    from urllib.parse import quote

    server = _server()
    auth = quote(server["user"]) + (":" + quote(server["password"]) if server["password"] else "")
    return f"postgres://{auth}@{server['host']}:{server['port']}/{name}"


@contextmanager
def _admin(template: str):
    """An autocommit connection to the server's `postgres` database, holding the lock of `template`."""
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **_server()) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        try:
            yield conn
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])


def _quoted(name: str):
    from psycopg import sql

    return sql.Identifier(name)


def _comment(conn, name: str) -> str | None:
    row = conn.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
    ).fetchone()
    return row[0] if row else None


def test_database_name() -> str:
    """pytest-django's name of the test database (before an xdist worker's suffix)."""
    db = settings.DATABASES["default"]
    return db.get("TEST", {}).get("NAME") or "test_" + db["NAME"]


def template_name(test_database: str) -> str:
    """`test_x_gw1` → `test_x_tpl`: one template for all workers of a run."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base = test_database.removesuffix(f"_{worker}") if worker else test_database
    return base + SUFFIX


def _drop(conn, name: str) -> None:
    from psycopg import sql

    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(_quoted(name)))


def _migrate(conn, template: str, run_id: str, started=None) -> None:
    """Migrate `template` from scratch (`manage.py migrate`, test settings) and mark it as this run's.
    `started(process)` is told the subprocess (so that the background builder can stop it)."""
    from psycopg import sql

    _drop(conn, template)
    conn.execute(sql.SQL("CREATE DATABASE {}").format(_quoted(template)))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "siko_portal.settings.test",
        "DATABASE_URL": database_url(template),
    }
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--run-syncdb", "--noinput", "-v", "0"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if started:
        started(process)
    out, err = process.communicate()
    if process.returncode != 0:
        _drop(conn, template)
        raise RuntimeError(f"Migration der Vorlage {template} fehlgeschlagen:\n{out}\n{err}")
    conn.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(_quoted(template), sql.Literal(run_id)))


def migrate_template(template: str, run_id: str, started=None) -> None:
    """Migrate `template` for the run `run_id` unless that run's template is already there (under its
    lock: a second caller waits and then finds it)."""
    with _admin(template) as conn:
        if _comment(conn, template) != run_id:
            _migrate(conn, template, run_id, started=started)


class Builder(threading.Thread):
    """The controlling pytest process migrates the run's template in the background, while the xdist
    workers start, collect and run the tests without a database (they come first, see
    `tests.conftest.pytest_collection_modifyitems`); a worker's first database test waits for it (the
    lock). If it fails, the first worker migrates the template itself and reports the error."""

    def __init__(self, template: str, run_id: str):
        super().__init__(name="siko-test-template", daemon=True)
        self.template, self.run_id = template, run_id
        self.process: subprocess.Popen | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            migrate_template(self.template, self.run_id, started=self._remember_process)
        except BaseException as exc:  # noqa: BLE001 - reported by the worker that tries again
            self.error = exc

    def _remember_process(self, process) -> None:
        # (Not `_started`: threading.Thread keeps its start Event under that name.)
        self.process = process

    def stop(self) -> None:
        """At the end of the run: stop a migration nobody waited for (a run without database tests)."""
        if self.is_alive() and self.process is not None and self.process.poll() is None:
            self.process.terminate()
        self.join(timeout=60)


def copy_of_template(target: str, template: str, *, run_id: str, create_template: bool = True) -> bool:
    """Create database `target` as a copy of this run's template (migrating the template first if this
    run has none yet and `create_template`). Return False, creating nothing, when there is no template to
    copy."""
    from psycopg import sql

    with _admin(template) as conn:
        if _comment(conn, template) != run_id:
            if not create_template:
                return False
            _migrate(conn, template, run_id)
        _drop(conn, target)
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(_quoted(target), _quoted(template)))
    return True


def drop(name: str) -> None:
    """Drop a test database or a template (under the template's lock)."""
    with _admin(name if name.endswith(SUFFIX) else template_name(name)) as conn:
        _drop(conn, name)


def prepare(run_id: str) -> str:
    """Migrate the template of the run `run_id` now, before pytest starts (CI: `.ci/run` runs this beside
    `make lint` and hands the id to `make test`); the run's builder and workers then find it ready, as
    their lock and the id in its comment tell them. Return its name."""
    template = template_name(test_database_name())
    migrate_template(template, run_id)
    return template


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.test")
    django.setup()
    print(prepare(os.environ[RUN_ID_ENV]))
