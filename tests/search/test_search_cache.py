"""The cache of search answers (portal.search_cache): after every kind of write the next search shows the
change, also when the same search was just answered from the cache; people with different visibility
never see each other's answers; reads of pages leave the cache alone; every write that sends no signal
renews the search generation. Each test runs on the process-local cache and on Redis (REDIS_URL)."""

import ast
import os
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal import search_cache


@pytest.fixture(params=["lokal", pytest.param("redis", marks=pytest.mark.redis)], autouse=True)
def shared_cache(request, settings):
    """The default cache: the test settings' process-local one, or Redis (a fresh key prefix per test)."""
    if request.param == "redis":
        settings.CACHES = {
            **django_settings.CACHES,
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": os.environ["REDIS_URL"],
                "KEY_PREFIX": f"{django_settings.CACHE_KEY_PREFIX}:test-{uuid.uuid4().hex}",
            },
        }
    return request.param


def page(client, query, **params) -> str:
    response = client.get("/suche/", {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.find("<main") : html.find("</main>")]


def lagebild_queries(client, query) -> int:
    """How many statements a search page sends to the Lagebilder table."""
    with CaptureQueriesContext(connection) as queries:
        page(client, query)
    return sum('"lagebilder_lagebild"' in q["sql"] for q in queries.captured_queries)


# --- Lagebilder: new reports, shares, Arbeitskreise, the person's authority ---------------------------


def test_a_new_report_shared_with_an_authority_shows_in_the_next_search(world, login, lagebild_factory):
    from lagebilder.models import Sichtbarkeit

    beta, gamma = login(world.users["b_mitglied"]), login(world.users["c_mitglied"])
    assert "Sonderlage Kanal" not in page(beta, "Sonderlage")
    assert "Sonderlage Kanal" not in page(gamma, "Sonderlage")
    lagebild_factory(
        world.users["a_autor"],
        titel="Sonderlage Kanal",
        zusammenfassung="Sonderlage am Kanal.",
        sichtbarkeit=Sichtbarkeit.BEHOERDEN,
        behoerden=[world.b],
    )
    assert "Sonderlage Kanal" in page(beta, "Sonderlage")
    assert "Sonderlage Kanal" not in page(gamma, "Sonderlage")


def test_a_changed_share_shows_in_the_next_search(world, login):
    from lagebilder.models import Sichtbarkeit
    from lagebilder.services import lagebild_set_freigabe

    report, autor = world.reports["eigene"], world.users["a_autor"]
    beta = login(world.users["b_mitglied"])
    assert "Nur Alpha intern" not in page(beta, "Alpha intern")
    lagebild_set_freigabe(lagebild=report, sichtbarkeit=Sichtbarkeit.BEHOERDEN, behoerden=[world.b], by=autor)
    assert "Nur Alpha intern" in page(beta, "Alpha intern")
    lagebild_set_freigabe(lagebild=report, sichtbarkeit=Sichtbarkeit.EIGENE_BEHOERDE, by=autor)
    assert "Nur Alpha intern" not in page(beta, "Alpha intern")


def test_a_withdrawn_report_leaves_the_next_search(world, login):
    from lagebilder.services import lagebild_withdraw

    gamma = login(world.users["c_mitglied"])
    assert "Für alle Partner" in page(gamma, "Partner")
    lagebild_withdraw(lagebild=world.reports["alle"], by=world.users["a_autor"])
    assert "Für alle Partner" not in page(gamma, "Partner")


def test_arbeitskreis_membership_shows_in_the_next_search(world, login):
    from arbeitskreise.services import mitgliedschaft_add, mitgliedschaft_remove

    person, gs = world.users["c_mitglied"], world.users["gs"]
    client = login(person)
    assert "Nur Arbeitskreis" not in page(client, "Arbeitskreis")
    mitgliedschaft_add(arbeitskreis=world.ak, user=person, by=gs)
    assert "Nur Arbeitskreis" in page(client, "Arbeitskreis")
    mitgliedschaft_remove(arbeitskreis=world.ak, user=person, by=gs)
    assert "Nur Arbeitskreis" not in page(client, "Arbeitskreis")


def test_a_move_to_another_authority_shows_in_the_next_search(world, login):
    person = world.users["c_mitglied"]
    client = login(person)
    assert "Geteilt mit Beta" not in page(client, "Geteilt")
    person.behoerde = world.b
    person.save()
    assert "Geteilt mit Beta" in page(client, "Geteilt")


@pytest.mark.parametrize("first", ["b_mitglied", "c_mitglied"])
def test_two_people_never_see_each_others_answers(world, login, first):
    """The same query by a reader and a non-reader of a report, in both orders, each time twice."""
    second = "c_mitglied" if first == "b_mitglied" else "b_mitglied"
    clients = {role: login(world.users[role]) for role in (first, second)}
    for _round in range(2):
        for role in (first, second):
            shown = "Geteilt mit Beta" in page(clients[role], "Geteilt")
            assert shown == (role == "b_mitglied"), role
    # The Geschäftsstelle sees every report, a reader of the authority the shared ones only.
    assert "Nur Alpha intern" in page(login(world.users["gs"]), "Alpha")
    assert "Nur Alpha intern" not in page(clients["b_mitglied"], "Alpha")


def test_a_repeated_search_is_answered_from_the_cache_and_reads_leave_it_alone(world, login):
    """The second identical search reads no report; opening a report (an audit entry) or the search page
    again does not renew the search generation, a filter or another sort is a different answer."""
    client = login(world.users["b_mitglied"])
    assert lagebild_queries(client, "Geteilt") > 0
    generation = search_cache.generation()
    assert lagebild_queries(client, "Geteilt") == 0
    assert client.get(f"/lagebilder/{world.reports['behoerden'].pk}/").status_code == 200
    assert search_cache.generation() == generation
    assert lagebild_queries(client, "Geteilt") == 0
    with CaptureQueriesContext(connection) as queries:
        page(client, "Geteilt", sortierung="datum")
    assert any('"lagebilder_lagebild"' in q["sql"] for q in queries.captured_queries)


def test_the_key_holds_language_script_prefix_and_person(world):
    from django.urls import set_script_prefix

    person, other = world.users["b_mitglied"], world.users["c_mitglied"]
    args = ("run", "Geteilt", None, None, "relevanz")
    german = search_cache.key(person, *args)
    assert german != search_cache.key(other, *args)
    with translation.override("en"):
        assert search_cache.key(person, *args) != german
    set_script_prefix("/portal/")
    try:
        assert search_cache.key(person, *args) != german
    finally:
        set_script_prefix("/")
    assert search_cache.key(person, "run", "Geteilt", "shisha", None, "relevanz") != german
    assert search_cache.key(None, *args) is None


# --- Board: hidden posts, retention (QuerySet.update) -----------------------------------------------


@pytest.fixture
def thread(db, user_factory, behoerde_factory):
    from austausch.models import Bereich
    from austausch.services import bereiche_ensure, thema_create

    bereiche_ensure()
    author = user_factory(behoerde=behoerde_factory("Stadt Bottrop"))
    result = thema_create(
        bereich=Bereich.objects.get(slug="allgemein"),
        by=author,
        titel="Wasserpfeifen am Hafen",
        art="frage",
        text="Wer kennt den Betreiber?",
    )
    return result.beitrag


def test_a_hidden_post_leaves_the_next_search(thread, login, user_factory):
    from austausch.services import beitrag_set_hidden

    reader = login(user_factory())
    moderator = user_factory("geschaeftsstelle")
    assert "Wasserpfeifen am Hafen" in page(reader, "Betreiber")
    beitrag_set_hidden(beitrag=thread, by=moderator, verborgen=True)
    assert "Wasserpfeifen am Hafen" not in page(reader, "Betreiber")
    beitrag_set_hidden(beitrag=thread, by=moderator, verborgen=False)
    assert "Wasserpfeifen am Hafen" in page(reader, "Betreiber")


def test_content_removed_by_retention_leaves_the_next_search(thread, login, user_factory):
    """Retention archives and empties threads with QuerySet.update (no signals)."""
    from datetime import timedelta

    from django.utils import timezone

    from austausch.services import themen_apply_retention

    reader = login(user_factory())
    assert "Wasserpfeifen am Hafen" in page(reader, "Betreiber")
    themen_apply_retention(now=timezone.now() + timedelta(days=3 * 365))
    themen_apply_retention(now=timezone.now() + timedelta(days=6 * 365))
    assert "Wasserpfeifen am Hafen" not in page(reader, "Betreiber")


# --- People: delisted, deactivated (QuerySet.update) ---------------------------------------------------


def test_delisted_and_deactivated_people_leave_the_next_search(db, login, user_factory, behoerde_factory):
    from accounts.services import user_deactivate, user_reactivate

    essen = behoerde_factory("Polizeipräsidium Essen")
    kowalski = user_factory(behoerde=essen, first_name="Miriam", last_name="Kowalski")
    reader = login(user_factory())
    assert "Miriam Kowalski" in page(reader, "Kowalski")
    kowalski.im_verzeichnis = False
    kowalski.save()
    assert "Miriam Kowalski" not in page(reader, "Kowalski")
    kowalski.im_verzeichnis = True
    kowalski.save()
    assert "Miriam Kowalski" in page(reader, "Kowalski")
    user_deactivate(user=kowalski, by=None)
    assert "Miriam Kowalski" not in page(reader, "Kowalski")
    user_reactivate(user=kowalski, by=None)
    assert "Miriam Kowalski" in page(reader, "Kowalski")


# --- Pages, group membership, glossary -----------------------------------------------------------------


def test_unpublish_and_publish_show_in_the_next_search(content_tree, mitglied, login):
    client = login(mitglied)
    assert "Illegales Glücksspiel" in page(client, "Glücksspielstaatsvertrag")
    content_tree["page"].unpublish()
    assert "Illegales Glücksspiel" not in page(client, "Glücksspielstaatsvertrag")
    content_tree["page"].save_revision().publish()
    assert "Illegales Glücksspiel" in page(client, "Glücksspielstaatsvertrag")


def test_group_membership_for_a_restricted_page_shows_in_the_next_search(
    content_tree,
    login,
    user_factory,
):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    person = user_factory()
    client = login(person)
    group = Group.objects.create(name="Nur Glücksspiel-Team")
    restriction = PageViewRestriction.objects.create(
        page=content_tree["page"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    assert "Illegales Glücksspiel" not in page(client, "Glücksspielstaatsvertrag")
    person.groups.add(group)
    assert "Illegales Glücksspiel" in page(client, "Glücksspielstaatsvertrag")
    person.groups.remove(group)
    assert "Illegales Glücksspiel" not in page(client, "Glücksspielstaatsvertrag")


def test_a_new_glossary_term_shows_in_the_next_search(content_tree, mitglied, login):
    from glossary.models import GlossarBegriff

    client = login(mitglied)
    assert "Ort des gewerblichen" not in page(client, "Spielhalle")
    term = GlossarBegriff.objects.create(
        begriff="Spielhalle", definition="<p>Ort des gewerblichen Spiels.</p>"
    )
    assert "Ort des gewerblichen" in page(client, "Spielhalle")
    term.delete()
    assert "Ort des gewerblichen" not in page(client, "Spielhalle")


# --- The rule: every write without a signal renews the search generation --------------------------------

SKIPPED_DIRS = {"tests", "tests_stack", "benchmarks", "scripts", "docs", "demo", "static", "templates"}
WRITES = {"update", "bulk_create", "bulk_update"}


def _related_managers() -> dict[str, set[str]]:
    """Accessor name → labels of the models a related manager of that name writes (`obj.<name>.update()`):
    reverse foreign keys and many-to-many fields in both directions, of every installed model."""
    from django.apps import apps

    accessors: dict[str, set[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        for relation in model._meta.related_objects:
            accessors.setdefault(relation.get_accessor_name(), set()).add(relation.related_model._meta.label)
        for field in model._meta.many_to_many:
            accessors.setdefault(field.name, set()).add(field.related_model._meta.label)
    return accessors


def _signal_less_writes_without_renewal() -> list[str]:
    """`Model.objects….update/bulk_create/bulk_update(…)` — or the same through a related manager,
    `obj.<accessor>….update(…)` — of a model the search generation listens to, in a function that does not
    call `search_cache.changed()` (raw SQL is found by `execute` of UPDATE, INSERT or DELETE). Updates of
    only a model's `LOG_ONLY_FIELDS` are allowed."""
    from django.apps import apps

    labels_by_name: dict[str, set[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        labels_by_name.setdefault(model.__name__, set()).add(model._meta.label)
    related_managers = _related_managers()
    base = Path(django_settings.BASE_DIR)
    found = []
    for path in sorted(base.rglob("*.py")):
        parts = path.relative_to(base).parts
        if parts[0] in SKIPPED_DIRS or parts[0].startswith(".") or "migrations" in parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
            renews = any(isinstance(c.func, ast.Attribute) and c.func.attr == "changed" for c in calls)
            for call in calls:
                if renews or not isinstance(call.func, ast.Attribute):
                    continue
                where = f"{path.relative_to(base)}:{call.lineno} ({function.name})"
                if call.func.attr == "execute" and call.args and isinstance(call.args[0], ast.Constant):
                    sql = str(call.args[0].value).lstrip().upper()
                    if sql.startswith(("UPDATE", "INSERT", "DELETE")):
                        found.append(where)
                    continue
                if call.func.attr not in WRITES:
                    continue
                chain, node = [], call.func.value
                while isinstance(node, ast.Call | ast.Attribute):
                    if isinstance(node, ast.Attribute):
                        chain.append(node.attr)
                    node = node.func if isinstance(node, ast.Call) else node.value
                if isinstance(node, ast.Name) and node.id in labels_by_name and "objects" in chain:
                    labels = labels_by_name[node.id]
                elif chain and chain[-1] in related_managers:  # obj.<accessor>[.filter(…)].update(…)
                    labels = related_managers[chain[-1]]
                else:
                    continue
                labels = labels - search_cache.NOT_SEARCH_RELEVANT
                fields = {keyword.arg for keyword in call.keywords}
                if call.func.attr == "update" and all(
                    fields <= search_cache.LOG_ONLY_FIELDS.get(label, frozenset()) for label in labels
                ):
                    continue
                if labels:
                    found.append(where)
    return found


def test_every_write_without_signals_renews_the_search_generation():
    assert _signal_less_writes_without_renewal() == []


def test_the_rule_finds_a_new_write_without_renewal(tmp_path, settings):
    """The check itself: a service that hides posts with QuerySet.update and no renewal is reported."""
    (tmp_path / "neu").mkdir()
    (tmp_path / "neu" / "services.py").write_text(
        "def verbergen(pks):\n"
        "    Beitrag.objects.filter(pk__in=pks).update(ist_verborgen=True)\n"
        "def lesen(user):\n"
        "    Lesestand.objects.filter(user=user).update(gelesen_bis=None)\n"
        "def anmelden(pk):\n"
        "    User.objects.filter(pk=pk).update(last_login=None)\n"
        "def bereinigen(cursor):\n"
        "    cursor.execute('UPDATE austausch_beitrag SET text = %s', [''])\n"
        "def verbergen_richtig(pks):\n"
        "    Beitrag.objects.filter(pk__in=pks).update(ist_verborgen=True)\n"
        "    search_cache.changed()\n"
        "def thema_verbergen(thema):\n"
        "    thema.beitraege.filter(ist_verborgen=False).update(ist_verborgen=True)\n"
        "def formular(self, data):\n"
        "    self.cleaned_data.update(data)\n",
        encoding="utf-8",
    )
    settings.BASE_DIR = tmp_path
    assert _signal_less_writes_without_renewal() == [
        "neu/services.py:2 (verbergen)",
        "neu/services.py:8 (bereinigen)",
        "neu/services.py:13 (thema_verbergen)",
    ]


def test_the_generation_listens_to_every_searched_model_and_to_visibility():
    labels = {model._meta.label for model in search_cache.relevant_models()}
    assert {
        "lagebilder.Lagebild",
        "lagebilder.LagebildGroupObjectPermission",
        "austausch.Beitrag",
        "austausch.Thema",
        "accounts.User",
        "auth.Group",
        "accounts.User_groups",
        "arbeitskreise.Mitgliedschaft",
        "behoerden.Behoerde",
        "glossary.GlossarBegriff",
        "praevention.Massnahme",
        "wagtailcore.Page",
        "wagtailcore.PageViewRestriction",
        "fachgebiete.Fachgebiet",
    } <= labels
    assert not labels & search_cache.NOT_SEARCH_RELEVANT
