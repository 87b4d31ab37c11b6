"""The notification centre: list, header count on every page, open, mark read, preferences."""

import pytest

from audit.models import AuditEntry
from benachrichtigungen import services
from benachrichtigungen.models import Benachrichtigung, Einstellung, Zustellung


def _notify(user, n=1, prefix="Neue Anfrage"):
    for i in range(n):
        services.benachrichtigen(
            empfaenger=[user],
            ereignis_schluessel=f"test:{prefix}:{i}",
            titel=f"{prefix} {i}",
            link=f"/austausch/anfragen/{i}/",
        )


def test_list_shows_own_notifications_only(world, login):
    _notify(world["mitglied"], 2)
    _notify(world["gs"], 1, prefix="Fremd")
    body = login(world["mitglied"]).get("/benachrichtigungen/").content.decode()
    assert "Neue Anfrage 0" in body and "Neue Anfrage 1" in body
    assert "Fremd" not in body
    assert "2 ungelesene Benachrichtigungen" in body


@pytest.mark.parametrize("path", ["/benachrichtigungen/", "/austausch/", "/konto/profil/", "/lagebilder/"])
def test_header_shows_unread_count_on_every_page(world, login, path):
    _notify(world["mitglied"], 3)
    body = login(world["mitglied"]).get(path).content.decode()
    assert 'href="/benachrichtigungen/"' in body
    assert 'data-ungelesen="3"' in body


def test_header_without_unread_shows_no_badge(world, login):
    body = login(world["mitglied"]).get("/benachrichtigungen/").content.decode()
    assert 'href="/benachrichtigungen/"' in body and "data-ungelesen" not in body


def test_header_count_is_one_count_query_then_cached(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world["mitglied"])
    _notify(world["mitglied"], 30)

    def notification_queries():
        with CaptureQueriesContext(connection) as ctx:
            body = client.get("/konto/profil/").content.decode()
        assert 'data-ungelesen="30"' in body
        return [q["sql"] for q in ctx.captured_queries if "benachrichtigungen_benachrichtigung" in q["sql"]]

    cold = notification_queries()
    assert len(cold) == 1 and "COUNT(" in cold[0].upper()  # one COUNT, whatever the number of rows
    assert notification_queries() == []  # then cached until the person's notifications change


def test_open_marks_read_and_goes_to_the_object(world, login):
    _notify(world["mitglied"])
    n = Benachrichtigung.objects.get()
    response = login(world["mitglied"]).get(f"/benachrichtigungen/{n.pk}/")
    assert response.status_code == 302 and response["Location"] == "/austausch/anfragen/0/"
    n.refresh_from_db()
    assert n.gelesen_am is not None


def test_others_notifications_answer_404_and_change_nothing(world, login):
    _notify(world["gs"])
    n = Benachrichtigung.objects.get()
    client = login(world["mitglied"])
    assert client.get(f"/benachrichtigungen/{n.pk}/").status_code == 404
    assert client.post(f"/benachrichtigungen/{n.pk}/gelesen/").status_code == 404
    n.refresh_from_db()
    assert n.gelesen_am is None
    assert AuditEntry.objects.filter(details__pfad=f"/benachrichtigungen/{n.pk}/gelesen/").exists()


def test_mark_one_and_all_read(world, login):
    _notify(world["mitglied"], 3)
    client = login(world["mitglied"])
    first = Benachrichtigung.objects.order_by("pk").first()
    assert client.get(f"/benachrichtigungen/{first.pk}/gelesen/").status_code == 405  # only POST changes
    response = client.post(f"/benachrichtigungen/{first.pk}/gelesen/", follow=True)
    assert "Die Benachrichtigung ist als gelesen markiert." in response.content.decode()
    assert Benachrichtigung.objects.filter(gelesen_am__isnull=True).count() == 2
    response = client.post("/benachrichtigungen/alle-gelesen/", follow=True)
    body = response.content.decode()
    assert "Alle Benachrichtigungen sind als gelesen markiert." in body
    assert "data-ungelesen" not in body
    assert not Benachrichtigung.objects.filter(gelesen_am__isnull=True).exists()


def test_preferences_are_saved_audited_and_validated(world, login):
    client = login(world["mitglied"])
    assert client.get("/benachrichtigungen/einstellungen/").status_code == 200
    response = client.post("/benachrichtigungen/einstellungen/", {"zustellung": "fax"})
    assert "Bitte wählen Sie, wie Sie benachrichtigt werden möchten." in response.content.decode()
    assert not Einstellung.objects.exists()
    client.post("/benachrichtigungen/einstellungen/", {"zustellung": "taeglich", "lagebild_geteilt": "on"})
    einstellung = Einstellung.objects.get(user=world["mitglied"])
    assert (einstellung.zustellung, einstellung.lagebild_geteilt) == (Zustellung.TAEGLICH, True)
    assert AuditEntry.objects.filter(details__vorgang="benachrichtigungen.einstellung").count() == 1


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/benachrichtigungen/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/")


def test_a_new_notification_shows_in_the_header_at_once(world, login):
    """The count is cached per person (shared cache) and forgotten by every write that changes it."""
    client = login(world["mitglied"])
    assert "data-ungelesen" not in client.get("/konto/profil/").content.decode()  # 0 is now cached
    _notify(world["mitglied"], 1, prefix="Sofort")
    assert 'data-ungelesen="1"' in client.get("/konto/profil/").content.decode()
    _notify(world["mitglied"], 2, prefix="Mehr")
    assert 'data-ungelesen="3"' in client.get("/lagebilder/").content.decode()


def test_unread_count_and_generation_are_one_cache_read(world):
    """Inside a request the count is read together with the content generation when the page has not
    read the generation yet; both values are the cache's own."""
    from django.core.cache import cache

    from portal import content_cache

    _notify(world["mitglied"], 2)
    expected_generation = content_cache.generation()
    with content_cache.generation_snapshot():
        assert services.unread_count(world["mitglied"]) == 2  # counted and cached
    with content_cache.generation_snapshot():
        cache.delete(content_cache.GENERATION_KEY)
        cache.set(content_cache.GENERATION_KEY, expected_generation, None)
        assert services.unread_count(world["mitglied"]) == 2  # from the cache, with the generation
        cache.set(content_cache.GENERATION_KEY, "spaeter", None)
        assert content_cache.generation() == expected_generation  # kept for the rest of the request
    assert content_cache.generation() == "spaeter"


class _CacheReads:
    """Count the shared cache's reads of the content generation and of one unread-count key."""

    def __init__(self, monkeypatch, key):
        from portal import content_cache

        self.gets, self.get_many, self.inside_get_many = [], [], False
        cache = content_cache.cache
        real_get, real_get_many = cache.get, cache.get_many

        def get(name, *args, **kwargs):
            if name in (key, content_cache.GENERATION_KEY) and not self.inside_get_many:
                self.gets.append(name)
            return real_get(name, *args, **kwargs)

        def get_many(names, *args, **kwargs):
            # The test settings' LocMemCache answers get_many through get; Redis in one MGET.
            self.get_many.append(sorted(names))
            self.inside_get_many = True
            try:
                return real_get_many(names, *args, **kwargs)
            finally:
                self.inside_get_many = False

        monkeypatch.setattr(cache, "get", get)
        monkeypatch.setattr(cache, "get_many", get_many)


def test_a_gated_page_reads_count_and_generation_in_one_round_trip(world, login, monkeypatch):
    """The terms gate reads the content generation before the header shows the count: both still come in
    one read (`content_cache.read_along_with_generation`), and the count is the current one."""
    from portal import content_cache

    client = login(world["mitglied"])
    _notify(world["mitglied"], 2)
    client.get("/konto/profil/")  # counts and caches
    key = services.unread_cache_key(world["mitglied"].pk)
    reads = _CacheReads(monkeypatch, key)
    body = client.get("/konto/profil/").content.decode()
    assert 'data-ungelesen="2"' in body
    assert reads.gets == []
    assert reads.get_many == [sorted([content_cache.GENERATION_KEY, key])]


def test_a_count_changed_in_the_same_request_is_not_served_from_the_read_along(world, rf):
    from portal import content_cache

    _notify(world["mitglied"], 2)
    request = rf.get("/")
    request.user = world["mitglied"]
    with content_cache.generation_snapshot():
        assert services.unread_count(world["mitglied"]) == 2  # now cached
    with content_cache.generation_snapshot(request):
        content_cache.generation()  # reads the count along
        services.benachrichtigungen_mark_all_read(user=world["mitglied"])
        assert services.unread_count(world["mitglied"]) == 0
    with content_cache.generation_snapshot(request):
        content_cache.generation()
        assert services.unread_count(world["mitglied"]) == 0
