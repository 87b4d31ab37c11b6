"""Shared fixtures: people with roles, logged-in clients with a verified second factor, services, the demo."""

import io
import os
import shutil
import socket
import uuid
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client

from portal.access import MFA_SESSION_KEY
from tests import db_template, demo_snapshot, run_order

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _port_open(url: str | None, default_port: int) -> bool:
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


def _service_missing(marker: str) -> str | None:
    if marker == "postgres" and not settings.IS_POSTGRES:
        return "PostgreSQL nicht konfiguriert (DATABASE_URL)"
    if marker == "redis" and not _port_open(os.environ.get("REDIS_URL"), 6379):
        return "Redis nicht erreichbar (REDIS_URL)"
    if marker == "browser" and not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"):
        return "Chromium nicht installiert (/usr/bin/chromium)"
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The order of the run (`_run_order`); service-bound tests: skipped on a machine without the
    service, failed in CI (CI=true)."""
    items[:] = sorted(items, key=_run_order)
    for item in items:
        for marker in ("postgres", "redis", "browser"):
            if item.get_closest_marker(marker) is None:
                continue
            reason = _service_missing(marker)
            if reason is None:
                continue
            if IN_CI:
                item.add_marker(pytest.mark.usefixtures("_fail_missing_service"))
                item.user_properties.append(("missing_service", reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist load`: the longest tests at the end go out one at a time (tests/run_order.py)."""
    if config.getoption("dist") == "load":
        return run_order.LongestLastScheduling(config, log)
    return None


_TEMPLATE = pytest.StashKey["db_template.Builder"]()


def _uses_template(config) -> bool:
    """Test databases are copies of a migrated template (PostgreSQL, pytest-django's defaults)."""
    return settings.IS_POSTGRES and not any(
        config.getvalue(option) for option in ("reuse_db", "create_db", "nomigrations")
    )


def pytest_configure(config):
    """The controlling process (not an xdist worker): the run's id, and the template database migrated in
    the background (tests/db_template.py); the workers inherit the id."""
    if hasattr(config, "workerinput"):
        return
    # CI sets the id itself when it migrated the template before pytest started (db_template.prepare).
    os.environ.setdefault(db_template.RUN_ID_ENV, uuid.uuid4().hex)
    if _uses_template(config):
        builder = db_template.Builder(
            db_template.template_name(db_template.test_database_name()), os.environ[db_template.RUN_ID_ENV]
        )
        builder.start()
        config.stash[_TEMPLATE] = builder


def pytest_unconfigure(config):
    """The controlling process (after its workers): the run's template database is dropped (in CI first
    copied to the database named in SIKO_TEST_TEMPLATE_KEEP, for the production stack's test). Every
    process: the copies of the seeded demo files."""
    DEMO_SNAPSHOT.discard()
    if _TEMPLATE in config.stash:
        builder = config.stash[_TEMPLATE]
        builder.stop()
        if keep := os.environ.get(db_template.KEEP_ENV):
            db_template.copy_of_template(
                keep, builder.template, run_id=os.environ[db_template.RUN_ID_ENV], create_template=False
            )
        db_template.drop(builder.template)


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings):
    """pytest-django's "keep the test database" switch, on: on PostgreSQL the test database is already
    there, a copy of the run's migrated template (tests/db_template.py); pytest-django's `migrate` over it
    has nothing to apply. Dropped after the session. `--reuse-db`, `--create-db`, `--nomigrations` and
    SQLite keep pytest-django's own behaviour."""
    if not _uses_template(request.config):
        yield request.config.getvalue("reuse_db")
        return
    from django.db import connections

    name = db_template.test_database_name()
    # Without the controlling process's id (it always sets one) each process migrates a template of its own.
    run_id = os.environ.setdefault(db_template.RUN_ID_ENV, uuid.uuid4().hex)
    db_template.copy_of_template(name, db_template.template_name(name), run_id=run_id)
    yield True
    connections.close_all()
    db_template.drop(name)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rolled-back test data must not live on in cached values."""
    from django.core.cache import cache, caches

    from portal.content_cache import LOCAL_CACHE

    cache.clear()
    caches[LOCAL_CACHE].clear()


@pytest.fixture
def _fail_missing_service(request):
    reasons = [value for key, value in request.node.user_properties if key == "missing_service"]
    pytest.fail(f"In CI muss der Dienst laufen: {'; '.join(reasons)}")


@pytest.fixture(autouse=True)
def _new_content_generation():
    """Each test starts with a new content generation: shared content caches (portal.content_cache)
    never carry rows of an earlier test's rolled-back transaction."""
    from portal import content_cache

    content_cache.new_generation()


def _run_order(item) -> tuple[int, float, str]:
    """The run's order of a test: 1. tests without a database (while the controlling process migrates
    the template database, tests/db_template.py; last of them the ones that need it set up, the backup
    test); 2. rolled-back tests, those on the same shared data (`SharedTestData`: the demo, the content
    tree) next to each other at the end, so each process (xdist worker) builds each once; 3. transactional
    tests (they empty the database after themselves), the longest first (tests/run_order.py).

    pytest-django's own order is 2, 3, 1; tests without a database do not care where they run.
    """
    django_order = _django_order(item)
    if django_order == 2:
        return (0, float("django_db_setup" in item.fixturenames), "")
    if django_order == 0:
        return (1, 0.0, SharedTestData.wanted_by(item))
    return (2, -run_order.expected_seconds(item.nodeid), "")


def _django_order(item) -> int:
    """pytest-django's order of a test (its `pytest_collection_modifyitems`): 0 rolled back,
    1 transactional, 2 without a database."""
    from django.test import TestCase, TransactionTestCase
    from pytest_django.fixtures import validate_django_db

    test_class = getattr(item, "cls", None)
    if test_class and issubclass(test_class, TransactionTestCase):
        return 0 if issubclass(test_class, TestCase) else 1
    marker = item.get_closest_marker("django_db")
    transactional = uses_db = False
    if marker:
        transaction, reset_sequences, *_rest = validate_django_db(marker)
        uses_db, transactional = True, bool(transaction or reset_sequences)
    fixtures = item.fixturenames
    if transactional or "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    return 0 if uses_db or "db" in fixtures else 2


# --- The demo installation, seeded once per process ------------------------------------------------


def _seed_all():
    from demo import seed_all
    from demo.context import DemoContext
    from demo.pages import ensure_wagtail_base

    ensure_wagtail_base()  # a transactional test's flush removes what Wagtail's migrations created
    return seed_all(DemoContext(stdout=io.StringIO()))


DEMO_SNAPSHOT = demo_snapshot.DemoSnapshot()


def seed_demo():
    """Seed every section's demo (`demo.seed_all`, as `manage.py seed_demo` does) and return the
    `DemoContext` (demo people by key in `.users`).

    In a transactional test on PostgreSQL (browser tests) the process seeds once and puts the seeded
    rows back from a copy afterwards (tests/demo_snapshot.py); call it before the test writes anything.
    The command itself is not called: under `live_server` the settings are overridden
    (settings.SETTINGS_MODULE is None), which its production guard cannot read; and the context is needed.
    """
    return DEMO_SNAPSHOT.seed(_seed_all)


class SharedTestData:
    """Data built once per process inside an open transaction of its test database, for the tests that
    use its session fixture (`session_fixture()`, e.g. `_demo_session` behind `demo`), by whose name it is
    known (a test fixture's name such as `world` or `board` is used by other directories for fixtures of
    their own).

    Each of those tests runs in its own savepoint (pytest-django's `db`), rolled back after the test.
    The transaction itself is rolled back before the first test that does not ask for this data, so no
    other test ever sees its rows. `pytest_collection_modifyitems` puts the tests on the same data next
    to each other, so a process (an xdist worker) builds each once.
    """

    by_fixture: dict[str, "SharedTestData"] = {}

    def __init__(self, fixture: str, build):
        """`fixture`: the name of the session fixture that `session_fixture()` makes."""
        self.fixture = fixture
        self.build = build
        self.blocker = None  # pytest-django's django_db_blocker, known once the database is set up
        self.atomic = None
        self.value = None
        SharedTestData.by_fixture[fixture] = self

    @classmethod
    def wanted_by(cls, item) -> str:
        """The fixture name of the shared data this test uses ("" for none); at most one per test."""
        names = [name for name in cls.by_fixture if name in item.fixturenames]
        if len(names) > 1:
            raise pytest.UsageError(f"{item.nodeid}: höchstens eine gemeinsame Datenbasis, nicht {names}")
        return names[0] if names else ""

    def open(self):
        from django.db import transaction

        if self.atomic is None:
            with self.blocker.unblock():
                self.atomic = transaction.atomic()
                self.atomic.__enter__()
                try:
                    self.value = self.build()
                except BaseException:
                    self.close()
                    raise
        return self.value

    def close(self):
        from django.db import transaction

        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        self.value = None

    def session(self, django_db_blocker):
        """Body of the data's session fixture: the first build comes before any test's `db` savepoint."""
        self.blocker = django_db_blocker
        self.open()
        yield self
        self.close()

    def session_fixture(self):
        """The session fixture of this data set, named as given to the constructor; assign it to that name
        in a conftest or test module (`_demo_session = DEMO.session_fixture()`), and let the test fixture
        that hands the data out ask for it."""
        data = self

        @pytest.fixture(scope="session", name=self.fixture)
        def build_once(django_db_setup, django_db_blocker):
            yield from data.session(django_db_blocker)

        return build_once

    def current(self):
        """The built value for the running test (pytest_runtest_setup opened the transaction)."""
        assert self.value is not None, f"{self.fixture}: Transaktion ist nicht offen"
        return self.value


def fresh_instances(values: dict) -> dict:
    """A copy of a shared data set's dict (`SharedTestData.current()`) with each model instance fetched
    again by pk, one query per model: what a test changes on an object in memory stays out of the next
    test's objects. Other values (ids, dicts) are handed out as they are."""
    from django.db.models import Model

    pks: dict[type[Model], set] = {}
    for value in values.values():
        if isinstance(value, Model):
            pks.setdefault(type(value), set()).add(value.pk)
    fetched = {model: model._default_manager.in_bulk(model_pks) for model, model_pks in pks.items()}
    return {
        key: fetched[type(value)][value.pk] if isinstance(value, Model) else value
        for key, value in values.items()
    }


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test's fixtures: roll back shared data the test does not use; build the data it uses
    again if an earlier test rolled it back (its session fixture builds it the first time)."""
    wanted = SharedTestData.wanted_by(item)
    if wanted and ("transactional_db" in item.fixturenames or "live_server" in item.fixturenames):
        raise pytest.UsageError(
            f"{item.nodeid}: gemeinsame Testdaten ({wanted}) leben in einer offenen Transaktion; ein Test mit "
            "live_server/transactional_db seedet selbst (tests.conftest.seed_demo)."
        )
    for name, data in SharedTestData.by_fixture.items():
        if name != wanted:
            data.close()
    if wanted and SharedTestData.by_fixture[wanted].blocker is not None:
        SharedTestData.by_fixture[wanted].open()


DEMO = SharedTestData("_demo_session", seed_demo)
_demo_session = DEMO.session_fixture()


@pytest.fixture
def demo(_demo_session, db):
    """The whole demo installation (every section module of the demo package): returns the `DemoContext`. Changes a test
    makes are rolled back after it."""
    from dataclasses import replace

    from django.core.cache import cache

    from accounts.models import User

    seeded = DEMO.current()
    cache.clear()
    # Fresh instances: a test that changes a person object must not hand the change to the next test.
    fresh = User.objects.select_related("behoerde").in_bulk([user.pk for user in seeded.users.values()])
    return replace(seeded, users={key: fresh[user.pk] for key, user in seeded.users.items()})


@pytest.fixture
def kommune_ap(demo, user_factory):
    """Return a factory: a person of the Kommune of the named Gemeinde."""
    from behoerden.models import Behoerde

    def make(gemeinde_name="Gelsenkirchen", role="ansprechpartner"):
        behoerde = Behoerde.objects.get(art=Behoerde.Art.KOMMUNE, gemeinde__name=gemeinde_name)
        return user_factory(role, behoerde=behoerde)

    return make


@pytest.fixture
def reference_data(db):
    """The Ruhr region's reference data and partner authorities."""
    from behoerden.reference import load_reference_data

    return load_reference_data()


@pytest.fixture
def behoerde_factory(db):
    """Return `tests.factories.make_behoerde`: create an authority (a Kommune unless `art` says otherwise)."""
    from tests.factories import make_behoerde

    return make_behoerde


@pytest.fixture
def user_factory(db, behoerde_factory):
    """Return `tests.factories.make_user`: create a person, role one of mitglied, ansprechpartner,
    redaktion, geschaeftsstelle."""
    from tests.factories import make_user

    return make_user


@pytest.fixture
def login(db):
    """Return a test client logged in as `user` with a verified second factor in the session."""

    def make(user, mfa=True) -> Client:
        from allauth.mfa.models import Authenticator

        from accounts.authenticators import authenticator_totp_set, new_totp_secret

        client = Client()
        if mfa and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            authenticator_totp_set(user=user, secret=new_totp_secret())
        client.force_login(user)
        if mfa:
            session = client.session
            session[MFA_SESSION_KEY] = True
            session.save()
        return client

    return make


@pytest.fixture
def mitglied(user_factory):
    return user_factory("mitglied")


@pytest.fixture
def geschaeftsstelle(user_factory):
    return user_factory("geschaeftsstelle")


# --- Browser tests (Playwright driving Debian's Chromium) -------------------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def _playwright_browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls of fixtures are safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_playwright_browser):
    """A fresh browser context and page (German locale) per test."""
    context = _playwright_browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def totp_now(secret: str) -> str:
    """The current TOTP code for a base32 secret, as an authenticator app would show it."""
    from accounts.authenticators import totp_code

    return totp_code(secret)


@pytest.fixture
def browser_user(db, user_factory):
    """Create a person with a known password and TOTP secret: returns (user, password, secret)."""
    from accounts.authenticators import authenticator_totp_set, new_totp_secret

    def make(role="mitglied", **kwargs):
        password = "Browser-Test-2026!"
        user = user_factory(role, password=password, **kwargs)
        secret = new_totp_secret()
        authenticator_totp_set(user=user, secret=secret)
        return user, password, secret

    return make


def browser_login(page, live_server_url: str, email: str, password: str, secret: str) -> None:
    """Log in through the real forms: email and password, then the TOTP code."""
    page.goto(f"{live_server_url}/konto/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_selector("input[name=code]")
    # Don't type a code in the last seconds of its 30-second window.
    import time

    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.5)
    page.fill("input[name=code]", totp_now(secret))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server_url}/")


@pytest.fixture
def migrate_back_to_latest():
    """For tests that migrate apps back and forth: afterwards every app is at its latest migration again.

    Unapplying a migration also unapplies every later one that depends on it, in other apps too (going
    back before `austausch` 0006 takes the `anfragen` and `analysen` tables with it); without this, the
    following tests on the same worker find tables missing and the database cannot be flushed.
    """
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
