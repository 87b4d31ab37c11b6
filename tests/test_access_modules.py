"""Every section's rules live in its own `access.py`, and the same checks run over all of them.

- Deny by default: every rule (`can_*`, the `*_filter` Q objects, the `*_visible_to` querysets) grants
  nothing to a person who is not logged in or whose account is deactivated.
- No parallel rules: outside the access modules no code asks a role directly, and no view fetches an
  object past the policy (`get_visible_or_404`, never `get_object_or_404`).
- The newsletter's audiences: each source's `audience` is defined in its section's `access.py` next to
  the rule it encodes, and two people with the same key see exactly the same items.
"""

import datetime
import importlib
import inspect
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from portal import news

ROOT = Path(__file__).resolve().parents[1]
OWN_APPS = sorted(
    config.name
    for config in apps.get_app_configs()
    if Path(config.path).parent == ROOT and config.name != "demo"
)
# Sections whose only rule is the portal's login (or "own rows only"), or whose pages follow the core
# page policy (startseite, suche), so they need no access module.
WITHOUT_RULES = {"benachrichtigungen", "dateien", "fachgebiete", "medien", "startseite", "suche"}
ACCESS_MODULES = [name for name in OWN_APPS if name not in WITHOUT_RULES]

NOTHING = Q(pk__in=[])
RULE_PREFIXES = ("can_", "sees_", "reads_", "manages_")
RULE_SUFFIXES = ("_filter", "_visible_to", "_by", "_of")


def _rules(module):
    """The module's own functions that decide about one person (first parameter `user`)."""
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if function.__module__ != module.__name__ or name.startswith("_"):
            continue
        parameters = list(inspect.signature(function).parameters.values())
        if (
            parameters
            and parameters[0].name == "user"
            and (name.startswith(RULE_PREFIXES) or name.endswith(RULE_SUFFIXES))
        ):
            yield name, function, parameters[1:]


def _samples(demo):
    """One demo object for each parameter name the rules take besides the person."""
    from analysen.models import Analysevorgang, Aufgabe, Auswertebericht, Einladung
    from anfragen.models import Anfrage
    from arbeitskreise.models import Arbeitskreis
    from austausch.models import Beitrag, Bereich, Thema
    from behoerden.models import Behoerde, Gemeinde
    from erhebungen.models import Meldung
    from lagebilder.models import Lagebild
    from newsletter.models import Ausgabe
    from veranstaltungen.models import VeranstaltungPage

    thema = Thema.objects.filter(ist_geschlossen=False, archiviert_am__isnull=True).order_by("pk").first()
    samples = {
        "anfrage": Anfrage.objects.order_by("pk").first(),
        "arbeitskreis": Arbeitskreis.objects.order_by("pk").first(),
        "aufgabe": Aufgabe.objects.order_by("pk").first(),
        "bericht": Auswertebericht.objects.order_by("pk").first(),
        "einladung": Einladung.objects.order_by("pk").first(),
        "vorgang": Analysevorgang.objects.order_by("pk").first(),
        "ausgabe": Ausgabe.objects.order_by("pk").first(),
        "behoerde": Behoerde.objects.order_by("pk").first(),
        "beitrag": Beitrag.objects.filter(thema=thema).order_by("pk").first(),
        "bereich": Bereich.objects.filter(arbeitskreis__isnull=True).order_by("pk").first(),
        "kommune": Gemeinde.objects.order_by("pk").first(),
        "lagebild": Lagebild.objects.order_by("pk").first(),
        "meldung": Meldung.objects.order_by("pk").first(),
        "person": demo.users["pp-essen-mitglied"],
        "thema": thema,
        "veranstaltung": VeranstaltungPage.objects.order_by("pk").first(),
    }
    assert all(value is not None for value in samples.values()), samples
    return samples


def _grants_nothing(result) -> bool:
    if result is None:  # a lookup rule (e.g. `participation_of`) that finds nothing
        return True
    if isinstance(result, bool):
        return result is False
    if isinstance(result, Q):
        return result == NOTHING
    if isinstance(result, QuerySet):
        return not result.exists()
    raise AssertionError(f"unbekanntes Ergebnis einer Regel: {result!r}")


def test_every_section_with_rules_has_an_access_module():
    missing = [name for name in ACCESS_MODULES if not (ROOT / name / "access.py").exists()]
    assert missing == []


@pytest.mark.parametrize("app", ACCESS_MODULES)
def test_no_rule_grants_anything_to_anonymous_or_deactivated_people(app, demo):
    module = importlib.import_module(f"{app}.access")
    samples = _samples(demo)
    deactivated = demo.users["gs-redaktion"]
    deactivated.is_active = False  # in memory only: the rules read the object they are given
    checked = []
    for name, rule, parameters in _rules(module):
        args = [samples[p.name] for p in parameters if p.default is p.empty and p.kind != p.KEYWORD_ONLY]
        kwargs = {
            p.name: samples[p.name] for p in parameters if p.default is p.empty and p.kind == p.KEYWORD_ONLY
        }
        for person in (AnonymousUser(), deactivated):
            assert _grants_nothing(rule(person, *args, **kwargs)), f"{app}.access.{name} für {person!r}"
        checked.append(name)
    if app != "portal":  # the core policy: decorators and request helpers, one page rule
        assert checked, f"{app}.access hat keine Regel"


ROLE_CHECK = re.compile(r"\.(is_geschaeftsstelle|is_redaktion|is_ansprechpartner)\b")
# Where a role may still be read directly: the role properties themselves; the menu, which only shows
# links whose pages ask the rules; and the Anfragen, which move from austausch into their own app.
ROLE_CHECK_ALLOWED = {
    "accounts/models.py",
    "portal/navigation.py",
}


@pytest.mark.parametrize("app", OWN_APPS)
def test_roles_are_asked_only_in_the_access_module(app):
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / app).rglob("*.py"))
        if path.name != "access.py"
        and "migrations" not in path.parts
        and str(path.relative_to(ROOT)) not in ROLE_CHECK_ALLOWED
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_CHECK.search(line)
    ]
    assert found == []


@pytest.mark.parametrize("app", OWN_APPS)
def test_views_fetch_objects_only_through_the_policy(app):
    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / app).rglob("*.py"))
        if "get_object_or_404" in path.read_text(encoding="utf-8")
    ]
    assert found == []


SINCE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)  # everything in the demo counts as new
AUDIENCE_SOURCES = [source.key for source in news.sources() if source.audience is not None]


def _source(key):
    return next(source for source in news.sources() if source.key == key)


@pytest.mark.parametrize("key", AUDIENCE_SOURCES)
def test_audience_is_defined_next_to_the_rule_it_encodes(key):
    source = _source(key)
    assert source.audience.__module__.endswith(".access"), source.audience.__module__


@pytest.mark.parametrize("key", AUDIENCE_SOURCES)
def test_people_with_the_same_audience_key_see_the_same_items(key, demo):
    from accounts.models import User

    source = _source(key)
    people = list(User.objects.select_related("behoerde").order_by("pk"))
    people[0].is_active = False  # a deactivated person belongs to the audience of nobody
    keys = source.audience(people)
    # The key of one person alone is the key computed for many: one definition, not two.
    for person in people[:: max(len(people) // 12, 1)]:
        assert source.audience([person])[person.pk] == keys[person.pk], person
    groups: dict = {}
    for person in people:
        groups.setdefault(keys[person.pk], []).append(person)
    assert len(groups) > 1
    for members in groups.values():
        seen = {
            tuple((item.url, item.title) for item in source.items(person, SINCE, limit=100))
            for person in members
        }
        assert len(seen) == 1, [person.email for person in members]
