"""The log tables are deleted in one statement: no cache listens to their deletes (a delete listener makes
Django load every row first to send the signal, e.g. `clearsessions` over every expired session). Deleting
a page still renews the shared content caches."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models.signals import post_delete, pre_delete
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from portal import content_cache, search_cache


@pytest.mark.parametrize("label", sorted(search_cache.NOT_SEARCH_RELEVANT))
def test_nothing_listens_to_deletes_of_the_log_tables(label):
    model = apps.get_model(label)
    assert not pre_delete.has_listeners(model)
    assert not post_delete.has_listeners(model)


@pytest.mark.django_db
def test_expired_sessions_are_deleted_in_one_statement():
    past = timezone.now() - timedelta(days=1)
    for number in range(5):
        Session.objects.create(session_key=f"abgelaufen{number}", session_data="", expire_date=past)
    with CaptureQueriesContext(connection) as queries:
        deleted, _per_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    assert deleted == 5
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["DELETE"]


@pytest.mark.django_db
def test_deleting_a_page_renews_the_content_generation():
    page = Page.get_first_root_node().add_child(instance=Page(title="Wird gelöscht", slug="wird-geloescht"))
    before = content_cache.generation()
    page.delete()
    assert content_cache.generation() != before
