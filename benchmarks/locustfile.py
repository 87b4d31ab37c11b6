"""Mixed-role load on the portal: browsing, searching, downloading and posting (localhost only).

Run through benchmarks/run_load.sh, or by hand against a running portal:

    SIKO_BENCH_SESSIONS=var/bench/sessions.json locust -f benchmarks/locustfile.py --headless \
        -u 20 -r 5 --run-time 60s --host http://127.0.0.1:18765

People are logged in already: benchmarks/prepare_sessions.py writes session cookies (password and
second factor verified), so the login form's rate limits do not interfere. URLs of sections that are
not installed are discovered and left out at start (optional pages answer 404 there).
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

SESSIONS = json.loads(
    Path(os.environ.get("SIKO_BENCH_SESSIONS", "var/bench/sessions.json")).read_text(encoding="utf-8")
)
COOKIE_NAME = SESSIONS["cookie_name"]
_cycles = {role: itertools.cycle(entries) for role, entries in SESSIONS["sessions"].items() if entries}

SEARCH_TERMS = [
    "Essen",
    "Clan",
    "Geldwäsche",
    "Shisha",
    "Gelsenkirchen",
    "Zoll",
    "Lagebild",
    "Duisburg",
    "Prävention",
]
# Pages every person may open; optional ones are checked at start.
CORE_PAGES = ["/", "/konto/profil/"]
OPTIONAL_PAGES = [
    "/behoerden/",
    "/fachgebiete/",
    "/glossar/",
    "/lagebilder/",
    "/austausch/",
    "/newsletter/",
    "/praevention/",
    "/arbeitskreise/",
    "/erhebungen/",
    "/kalender/",
    "/massnahmen/",
    "/medien/",
]
AVAILABLE = {"pages": list(CORE_PAGES)}
# Lists whose links each simulated person collects for themselves (what they may open differs).
DETAIL_SOURCES = [
    "/lagebilder/",
    "/austausch/bereich/allgemein/",
    "/behoerden/",
    "/fachgebiete/",
    "/kalender/",
]
DOWNLOAD_LINK = re.compile(r'href="(/[^"]*(?:herunterladen|download|datei)[^"]*)"', re.I)
# Detail pages reached from the lists: reports, threads, authorities, Fachgebiete, events, measures.
DETAIL_LINK = re.compile(
    r'href="(/(?:lagebilder/\d+|austausch/thema/\d+|behoerden/[-a-z0-9]+|fachgebiete/[-a-z0-9]+'
    r'|veranstaltungen/[-a-z0-9]+|massnahmen/\d+|arbeitskreise/[-a-z0-9]+)/)"'
)
THREAD_LINK = re.compile(r'href="(/austausch/thema/\d+/)"')


@events.test_start.add_listener
def discover(environment, **kwargs):
    """Find which optional sections exist and collect a few download links from them."""
    host = environment.host or ""
    if urlparse(host).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("Load tests run against localhost only.")
    import requests

    session = requests.Session()
    entry = next(iter(SESSIONS["sessions"].get("geschaeftsstelle") or SESSIONS["sessions"]["mitglied"]))
    session.cookies.set(COOKIE_NAME, entry["cookie"])
    for path in OPTIONAL_PAGES:
        response = session.get(host + path, allow_redirects=False, timeout=30)
        if response.status_code == 200:
            AVAILABLE["pages"].append(path)
    print(f"Seiten: {AVAILABLE['pages']}")


class PortalUser(HttpUser):
    abstract = True
    role = "mitglied"
    wait_time = between(0.5, 2)

    def on_start(self):
        entry = next(_cycles[self.role])
        self.client.cookies.set(COOKIE_NAME, entry["cookie"])
        self.details, self.threads = [], []
        for path in DETAIL_SOURCES:
            page = self.client.get(path, name="(Start: Links sammeln)", allow_redirects=False)
            if page.status_code == 200:
                found = [link for link in dict.fromkeys(DETAIL_LINK.findall(page.text)) if link != path]
                self.details.extend(found[:5])
                self.threads.extend(THREAD_LINK.findall(page.text)[:5])
        self.downloads = []
        for path in [p for p in self.details if p.startswith("/lagebilder/")][:2]:
            page = self.client.get(path, name="(Start: Links sammeln)", allow_redirects=False)
            self.downloads.extend(DOWNLOAD_LINK.findall(page.text)[:2])

    def _get(self, path, name=None):
        with self.client.get(path, name=name or path, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")

    @task(6)
    def browse(self):
        self._get(random.choice(AVAILABLE["pages"]))

    @task(4)
    def detail(self):
        if self.details:
            path = random.choice(self.details)
            self._get(path, name=re.sub(r"/[^/]+/$", "/…/", path))

    @task(3)
    def search(self):
        self._get(f"/suche/?q={random.choice(SEARCH_TERMS)}", name="/suche/?q=…")

    @task(1)
    def download(self):
        if self.downloads:
            self._get(random.choice(self.downloads), name="download")
        else:
            self._get("/static/css/portal.css", name="static")


class Mitglied(PortalUser):
    role = "mitglied"
    weight = 6

    @task(1)
    def post_profile(self):
        """A write: save the own profile through the form (CSRF token from the page)."""
        page = self.client.get("/konto/profil/", name="/konto/profil/ (GET vor POST)")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not token:
            return
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "first_name": "Tobias",
            "last_name": "Schäfer",
            "funktion": random.choice(["KOK", "KHK", "Sachbearbeitung"]),
            "telefon": "0201 829-0",
            "im_verzeichnis": "on",
        }
        with self.client.post(
            "/konto/profil/",
            data,
            headers={"Referer": self.host + "/konto/profil/"},
            allow_redirects=False,
            catch_response=True,
            name="/konto/profil/ (POST)",
        ) as response:
            if response.status_code != 302:
                response.failure(f"profile save answered {response.status_code}")

    @task(1)
    def reply(self):
        """A write on the board: a short reply, at most one a minute per person (the board's rate limit
        allows ten in five minutes)."""
        now = time.monotonic()
        if not self.threads or now - getattr(self, "_last_post", -1e9) < 60:
            return
        self._last_post = now
        thread = random.choice(self.threads)
        page = self.client.get(thread, name="/austausch/thema/…/ (GET vor POST)")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not token:
            return
        with self.client.post(
            thread + "antworten/",
            {"csrfmiddlewaretoken": token.group(1), "text": "Danke, das deckt sich mit unseren Erfahrungen."},
            headers={"Referer": self.host + thread},
            allow_redirects=False,
            catch_response=True,
            name="/austausch/thema/…/antworten/ (POST)",
        ) as response:
            if response.status_code != 302:
                response.failure(f"reply answered {response.status_code}")


class Ansprechpartner(PortalUser):
    role = "ansprechpartner"
    weight = 2


class Redaktion(PortalUser):
    role = "redaktion"
    weight = 1

    @task(1)
    def admin(self):
        self._get("/admin/")


class Geschaeftsstelle(PortalUser):
    role = "geschaeftsstelle"
    weight = 1

    @task(1)
    def admin(self):
        self._get("/admin/")
