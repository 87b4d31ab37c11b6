"""„Ein Tag im Portal“: every page as every role, then every write journey — against gunicorn with two
worker processes and a shared cache (Redis in CI), as the portal runs in production.

Caches that are shared between people and processes go wrong in ways no single-process test sees: a
form whose options come from another form's cached vocabulary, a page cached for one person and
served to another, a filter answered from a stale entry. So the day starts with a warm crawl (every
URL of the inventory, every role), then runs each write journey through the real forms over HTTP —
with the CSRF token and the option values the rendered form offers — and checks after each write that
lists and search show the new object to those who may see it and to nobody else. Then the same
journeys run again on a fresh server in the opposite order (forms first, lists and filters after),
and every filter must still filter.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from .browser import Browser, describe
from .conftest import CRAWL_ROLES
from .journeys import Day, run_journeys

# django_db: pytest-django creates the test database only for sessions with tests that ask for one;
# the tests themselves only speak HTTP (the module fixture commits the data, see conftest.py).
pytestmark = [pytest.mark.xdist_group("journey"), pytest.mark.slow, pytest.mark.django_db]

# Actions rather than pages (GET shows a confirmation or ends the session).
SKIP_NAMES = {"account_logout"}
ALLOWED = {200, 204, 301, 302, 303, 404, 405}
# Signed links made for one person (the inventory's sample is the Mitglied's): anybody else's session
# gets "Dieser Link ist ungültig" (400).
PERSONAL_LINKS = {"newsletter:einstellungen_link", "newsletter:abmelden", "accounts:einladung"}


def _crawl_one(browser: Browser, item, name: str) -> tuple[str, int, str]:
    response = browser.get(item.path)
    problem = ""
    status = response.status_code
    if status not in ALLOWED and not (status == 400 and item.name in PERSONAL_LINKS):
        problem = f"{item} -> {describe(response)}"
    elif status == 200 and "text/html" in response.headers.get("content-type", ""):
        shown = re.search(r'class="site-user__name">([^<]*)<', response.text)
        if shown and shown.group(1).strip() != name:
            problem = f"{item} zeigt im Kopf „{shown.group(1).strip()}“ statt „{name}“ (fremde Seite aus dem Cache?)"
    return item.path, status, problem


@pytest.fixture(scope="module")
def warm_server(servers, installation):
    """A fresh gunicorn (two workers), crawled by every role: each page once per role, two at a time
    so that both workers fill the shared cache."""
    server = servers.start("warm")
    assert len(server.workers()) == 2, f"gunicorn sollte zwei Worker haben: {server.workers()}"
    results: dict[str, list[tuple[str, int, str]]] = {}
    urls = [item for item in installation.inventory if item.name not in SKIP_NAMES]
    for role in CRAWL_ROLES:
        browser = Browser(server.base_url, label=role, cookies=installation.cookies[role])
        name = installation.names[role]
        with ThreadPoolExecutor(2) as pool:
            results[role] = list(pool.map(_crawl_one, [browser] * len(urls), urls, [name] * len(urls)))
    return server, results


@pytest.mark.parametrize("role", CRAWL_ROLES)
def test_warm_crawl_every_page_answers_as_expected(warm_server, installation, role):
    _server, results = warm_server
    problems = [problem for _path, _status, problem in results[role] if problem]
    assert not problems, f"{role}: " + "\n".join(problems)
    statuses = {status for _path, status, _problem in results[role]}
    assert 200 in statuses
    # Deny by default answers 404 (never 403), and nothing fails.
    assert not {status for status in statuses if status >= 500 or status == 403}


def test_write_journeys_after_the_warm_crawl(warm_server, installation):
    server, _results = warm_server
    day = Day(server.base_url, installation, token="warm")
    failures = run_journeys(day, lists_first=True)
    assert not failures, _report(failures, server)


def test_write_journeys_forms_first_then_lists_and_filters(servers, installation, warm_server):
    server = servers.start("cold")
    day = Day(server.base_url, installation, token="cold")
    failures = run_journeys(day, lists_first=False)
    assert not failures, _report(failures, server)


def _report(failures: list[str], server) -> str:
    return (
        f"{len(failures)} Schritt(e) fehlgeschlagen:\n  "
        + "\n  ".join(failures)
        + f"\n(gunicorn-Log: {server.log})"
    )
