"""Prävention and Fachveranstaltungen demo content, seeded once per test module and rolled back."""

import io

import pytest
from django.db import transaction


def seed_demo_content():
    """Seed reference data, demo accounts and the Prävention / Fachveranstaltungen demo content."""
    import accounts.demo
    import behoerden.demo
    import portal.demo
    import praevention.demo
    import veranstaltungen.demo
    from portal.demo_context import DemoContext

    ctx = DemoContext(stdout=io.StringIO())
    for module in (behoerden.demo, accounts.demo, portal.demo, praevention.demo, veranstaltungen.demo):
        module.seed(ctx)
    return ctx


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def _module_demo(django_db_setup, django_db_blocker):
    # Seeding takes seconds: do it once per module inside an outer transaction that is rolled back at
    # the end. Each test's own transaction (the `db` fixture) nests as a savepoint inside it.
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                yield seed_demo_content()
                raise _Rollback
        except _Rollback:
            pass


@pytest.fixture
def demo(_module_demo, db):
    from django.core.cache import cache

    cache.clear()
    return _module_demo


@pytest.fixture
def kommune_ap(demo, user_factory):
    """Return a factory: a person of the Kommune of the named Gemeinde."""
    from behoerden.models import Behoerde

    def make(gemeinde_name="Gelsenkirchen", role="ansprechpartner"):
        behoerde = Behoerde.objects.get(art=Behoerde.Art.KOMMUNE, gemeinde__name=gemeinde_name)
        return user_factory(role, behoerde=behoerde)

    return make
