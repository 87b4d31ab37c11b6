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

# xdist_group: one worker for the whole day (the test is a single function anyway: pytest 9 ignores
# the group suffix pytest-xdist 3.8 writes into node ids, so groups alone would not keep tests together).
# django_db: pytest-django creates the test database only for sessions with tests that ask for one;
# the tests themselves only speak HTTP (the module fixture commits the data, see conftest.py).
pytestmark = [pytest.mark.xdist_group("journey"), pytest.mark.slow, pytest.mark.django_db]

# Actions rather than pages (GET shows a confirmation or ends the session).
SKIP_NAMES = {"account_logout"}
ALLOWED = {200, 204, 301, 302, 303, 404, 405}
# Signed links made for one person (the inventory's sample is the Mitglied's): anybody else's session
# gets "Dieser Link ist ungültig" (400).
PERSONAL_LINKS = {"newsletter:einstellungen_link", "newsletter:abmelden", "accounts:einladung"}
# allauth's page after a failed federated login answers 401 by design (it is an error page).
ERROR_PAGES = {"socialaccount_login_error": 401}


def _crawl_one(browser: Browser, item, name: str) -> tuple[str, int, str]:
    response = browser.get(item.path)
    problem = ""
    status = response.status_code
    expected_error = (status == 400 and item.name in PERSONAL_LINKS) or ERROR_PAGES.get(item.name) == status
    if status not in ALLOWED and not expected_error:
        problem = f"{item} -> {describe(response)}"
    elif status == 200 and "text/html" in response.headers.get("content-type", ""):
        shown = re.search(r'class="site-user__name">([^<]*)<', response.text)
        if shown and shown.group(1).strip() != name:
            problem = f"{item} zeigt im Kopf „{shown.group(1).strip()}“ statt „{name}“ (fremde Seite aus dem Cache?)"
    return item.path, status, problem


def _crawl(server, installation, role: str) -> list[str]:
    """Every page of the inventory as `role`, two at a time (both workers fill the shared cache)."""
    browser = Browser(server.base_url, label=role, cookies=installation.cookies[role])
    urls = [item for item in installation.inventory if item.name not in SKIP_NAMES]
    name = installation.names[role]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(_crawl_one, [browser] * len(urls), urls, [name] * len(urls)))
    problems = [f"Crawl als {role}: {problem}" for _path, _status, problem in results if problem]
    if not any(status == 200 for _path, status, _problem in results):
        problems.append(f"Crawl als {role}: keine einzige Seite mit 200")
    return problems


def test_ein_tag_im_portal(servers, installation):
    """Warm crawl, the journeys after it, then the journeys in the opposite order on a fresh server.

    One test rather than one per phase: the phases build on each other (the warm cache, the objects
    written), and a test split across xdist workers would seed and crawl twice. Every failed step is
    listed as "<Phase>: <Journey> / <Schritt>: <was passierte>".
    """
    failures: list[str] = []
    server = servers.start("warm")
    assert len(server.workers()) == 2, f"gunicorn sollte zwei Worker haben: {server.workers()}"
    for role in CRAWL_ROLES:
        failures += _crawl(server, installation, role)
    assert len(server.served_by()) == 2, f"nicht beide Worker haben Seiten ausgeliefert: {server.served_by()}"
    day = Day(server.base_url, installation, token="warm")
    failures += [f"Nach dem Crawl: {failure}" for failure in run_journeys(day, lists_first=True)]
    logs = [server.log]

    server = servers.start("cold")
    day = Day(server.base_url, installation, token="cold")
    failures += [f"Formulare zuerst: {failure}" for failure in run_journeys(day, lists_first=False)]
    logs.append(server.log)
    assert not failures, (
        f"{len(failures)} Schritt(e) fehlgeschlagen:\n  "
        + "\n  ".join(failures)
        + "\n(gunicorn-Logs: "
        + ", ".join(str(log) for log in logs)
        + ")"
    )
