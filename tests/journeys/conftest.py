"""Fixtures of the journey test: the demo installation committed to the test database, logged-in
sessions of every role, and gunicorn servers over it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from portal.access import MFA_SESSION_KEY

from .server import Gunicorn, database_url_for_server, new_run_dir

# The people of the day: the four portal roles of PP Essen / the Geschäftsstelle (the PP Essen
# Mitglied also leads the Arbeitskreis Shisha), and people of other authorities for the need-to-know
# checks.
PEOPLE = {
    "mitglied": "mitglied@pp-essen.nrw.de",
    "ansprechpartner": "ansprechpartner@pp-essen.nrw.de",
    "redaktion": "redaktion@siko-ruhr.nrw.de",
    "geschaeftsstelle": "admin@siko-ruhr.nrw.de",
    "mitglied-gelsenkirchen": "mitglied@gelsenkirchen.de",
    "ap-gelsenkirchen": "ansprechpartner@gelsenkirchen.de",
    "mitglied-zoll": "mitglied@hza-dortmund.zoll.de",
}


def pytest_configure(config):
    # pytest-xdist registers it; runs with `-p no:xdist` (one process) must know it too.
    config.addinivalue_line("markers", "xdist_group(name): run these tests in one xdist worker")


CRAWL_ROLES = ["mitglied", "ansprechpartner", "redaktion", "geschaeftsstelle", "mitglied-gelsenkirchen"]


@dataclass
class Installation:
    run_dir: Path
    database_url: str
    cookies: dict[str, dict[str, str]]  # person -> cookies of a logged-in session (second factor verified)
    names: dict[str, str]  # person -> full name as the header shows it
    inventory: list  # tests.url_inventory.InventoryURL


def _session_cookie(user) -> dict[str, str]:
    """Log the person in as allauth would after the second factor: a session in the database (the
    cached_db engine also writes the test process's own cache, which the server never reads)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = True
    session.save()
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


@pytest.fixture(scope="module")
def installation(django_db_setup, django_db_blocker):
    """`seed_demo` committed to the test database (the servers must see it), sessions, the inventory.

    Afterwards the database is emptied as after any transactional test, and Wagtail's base pages are
    put back for the tests that follow on this worker.
    """
    from django.db import connection

    from accounts.models import User
    from demo.pages import ensure_wagtail_base
    from tests.url_inventory import build_inventory

    name = str(connection.settings_dict["NAME"])
    # Never commit demo data into (and flush) a real database.
    assert name.startswith("test_") or "memory" in name, f"kein Testdatenbank-Name: {name}"
    run_dir = new_run_dir()
    with django_db_blocker.unblock():
        try:
            # Leftovers of an interrupted run (--reuse-db) would mix with the new demo data.
            call_command("flush", interactive=False, verbosity=0)
            call_command("seed_demo", stdout=io.StringIO())
            users = {key: User.objects.get(email=email) for key, email in PEOPLE.items()}
            cookies = {key: _session_cookie(user) for key, user in users.items()}
            names = {key: user.get_full_name() or user.email for key, user in users.items()}
            inventory = build_inventory()
            database_url = database_url_for_server(run_dir)
            yield Installation(run_dir, database_url, cookies, names, inventory)
        finally:
            call_command("flush", interactive=False, verbosity=0)
            ensure_wagtail_base()
            # The logs stay for CI artefacts; the SQLite copy of the data does not.
            (run_dir / "portal.sqlite3").unlink(missing_ok=True)


class Servers:
    """At most one gunicorn at a time; each start gets an empty cache of its own."""

    def __init__(self, installation: Installation):
        self.installation = installation
        self.current: Gunicorn | None = None

    def start(self, namespace: str) -> Gunicorn:
        self.stop()
        # The run directory's name makes the cache key prefix unique among runs sharing one Redis.
        namespace = f"{namespace}-{self.installation.run_dir.name}"
        server = Gunicorn(self.installation.run_dir, self.installation.database_url, namespace)
        self.current = server
        server.start()
        return server

    def stop(self) -> None:
        if self.current is not None:
            self.current.stop()
            self.current = None


@pytest.fixture(scope="module")
def servers(installation):
    manager = Servers(installation)
    try:
        yield manager
    finally:
        manager.stop()
