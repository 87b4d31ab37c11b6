"""One browser pass per role over every page type: accessibility at desktop width (axe-core, WCAG 2.1 A/AA,
no CSP violation), page weight, and the phone checks at 360 × 740 and 390 × 844 — all on one load.

Each page type of the URL inventory (`page_types()`) is loaded once, logged in through the real forms as
Mitglied, Redaktion or Geschäftsstelle:

1. at 1280 × 900, the requests of the load are weighed (tests/quality/weight.py: compressed HTML ≤ 30 KB,
   CSS ≤ 30 KB, JS ≤ 50 KB, no other origin), and axe-core checks the document (WCAG 2.1 A/AA); a document
   that is identical to one checked before (the same HTML apart from the CSRF token and nonces, e.g. the
   same error page under two URLs) gets the same result from axe and is not run through it again;
2. the viewport is resized to 360 × 740 and then 390 × 844 and the same document gets the phone checks
   (tests/quality/phone.py: no horizontal scroll, <main> in the first quarter, targets ≥ 24 px, folded
   filter forms, axe-core with WCAG 2.2 target-size). Redirects to another page type, the second and later
   error pages (403/404) and Wagtail's bare login form are left out of the phone checks, as before.

Every failed check of every page type is reported in one assertion, labelled with the page type, the path,
the check and the width. Before (until 6 Dec 2026) these were three tests per role (accessibility, phone,
page weight) that each logged in, loaded every page type and ran axe on a cold page; one pass costs one
seed, one login, one probe and one load per page type, and the phone's axe runs on a warm page.
"""

import hashlib
import shutil
import time
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.conftest import seed_demo
from tests.quality.browser import format_violations, login_as, page_types, run_axe
from tests.quality.phone import (
    GOAL_TARGET,
    NOT_PORTAL_PAGES,
    PHONES,
    ROLES,
    SCREENSHOTS,
    WITHOUT_MAIN,
    check_width,
    shot_name,
)
from tests.quality.weight import weigh, weight_line

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
# The loaded document as axe-core sees it, without what differs between two responses of the same page:
# the CSRF token of each form and the CSP nonces.
DOCUMENT_JS = """() => {
  const copy = document.documentElement.cloneNode(true);
  for (const el of copy.querySelectorAll('[nonce]')) el.removeAttribute('nonce');
  for (const el of copy.querySelectorAll('input[name=csrfmiddlewaretoken]')) el.removeAttribute('value');
  return copy.outerHTML;
}"""


@pytest.mark.parametrize("role", ROLES)
def test_every_page_type_passes_axe_weight_and_phone_checks(page, live_server, role):
    timing = dict.fromkeys(["seed", "probe", "load", "weight", "axe", "phone", "screenshot"], 0.0)
    clock = time.perf_counter()
    seed_demo()
    timing["seed"] = time.perf_counter() - clock
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            csp_errors.append(f"{page.url}: {msg.text}") if "Content Security Policy" in msg.text else None
        ),
    )
    requests: list = []
    page.on("requestfinished", lambda request: requests.append(request))
    login_as(page, live_server.url, role)
    for width in PHONES:
        shutil.rmtree(SCREENSHOTS / str(width) / role, ignore_errors=True)  # no earlier run's screenshot
    failures: dict[str, list[str]] = {}
    weights, axe_checked, axe_same, phone_checked = [], [], [], []
    axe_documents: dict[str, str] = {}  # digest of a checked document → the path it was checked on
    below_goal: dict[int, dict[str, int]] = {width: {} for width in PHONES}
    error_page_seen = False
    phone_paths: set[str] = set()
    urls = page_types()
    inventory_paths = {url.path for url in urls}
    for url in urls:
        clock = time.perf_counter()
        probe = page.request.get(live_server.url + url.path, max_redirects=0)
        timing["probe"] += time.perf_counter() - clock
        if probe.status == 405 or "text/html" not in probe.headers.get("content-type", ""):
            continue  # a POST-only action, a download or a feed
        phone = url.name not in NOT_PORTAL_PAGES
        if (
            phone
            and probe.status in (301, 302, 303)
            and urlsplit(probe.headers.get("location", "")).path in inventory_paths
        ):
            phone = False  # redirected to a page type of its own (e.g. the login form to the start page)
        if phone and probe.status in (403, 404):
            # Not this role's page: on the phone its error page is one page type, checked once.
            phone = not error_page_seen
            error_page_seen = True
        label = f"{url.name} {url.path}"
        clock = time.perf_counter()
        page.set_viewport_size(DESKTOP)
        requests.clear()
        response = page.goto(live_server.url + url.path, wait_until="load")
        timing["load"] += time.perf_counter() - clock
        if response is None or response.status >= 500:
            failures[label] = [f"answers {response and response.status}"]
            continue

        # Page weight of this load.
        clock = time.perf_counter()
        problems, totals = weigh(requests, live_server.url, url.path)
        weights.append(weight_line(url.path, totals))
        if problems:
            failures[f"{label} (Seitengewicht)"] = problems
        timing["weight"] += time.perf_counter() - clock

        # axe-core at desktop width, once per distinct document.
        clock = time.perf_counter()
        digest = hashlib.sha256(page.evaluate(DOCUMENT_JS).encode()).hexdigest()
        if digest in axe_documents:
            axe_same.append(f"{url.path} = {axe_documents[digest]}")
        else:
            axe_documents[digest] = url.path
            violations = format_violations(url.path, run_axe(page))
            if violations:
                failures[f"{label} (axe, {DESKTOP['width']} px)"] = violations
            axe_checked.append(url.path)
        timing["axe"] += time.perf_counter() - clock

        # The phones: the same document, resized.
        final_path = urlsplit(page.url).path
        if not phone or final_path in phone_paths:
            continue  # not a phone page type of its own, or redirected to a page checked already
        phone_paths.add(final_path)
        for width in PHONES:
            clock = time.perf_counter()
            failed, facts = check_width(page, width, needs_main=url.name not in WITHOUT_MAIN)
            timing["phone"] += time.perf_counter() - clock
            if failed:
                failures[f"{label} ({width} px)"] = failed
                # The failing page as it looked, for the report (CI artefact).
                clock = time.perf_counter()
                folder = SCREENSHOTS / str(width) / role
                folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(folder / f"{shot_name(url)}.png"), full_page=True)
                timing["screenshot"] += time.perf_counter() - clock
            if facts["belowGoal"]:
                below_goal[width][url.name] = len(facts["belowGoal"])
        phone_checked.append(url.name)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=f"var/a11y-{role}-last.png", full_page=True)
    print(
        f"\naxe-core WCAG 2.1 A/AA, {role}: {len(axe_checked)} Dokumente geprüft: {', '.join(axe_checked)}"
        f"\ndasselbe Dokument wie ein geprüftes ({len(axe_same)}): {', '.join(axe_same) or 'keins'}"
        f"\nSeitengewicht (gzip), {role}:\n"
        + "\n".join(weights)
        + f"\nTelefon {'/'.join(map(str, PHONES))} px, {role}: {len(phone_checked)} Seitentypen geprüft"
        + "".join(
            f"\nZiele unter {GOAL_TARGET} px bei {width} px (nur gemeldet): "
            + (", ".join(f"{name} {count}" for name, count in counts.items()) or "keine")
            for width, counts in below_goal.items()
        )
        + "\nZeit (s): "
        + ", ".join(f"{step} {seconds:.1f}" for step, seconds in timing.items())
    )
    assert len(axe_checked) >= 5
    assert len(weights) >= 5
    assert len(phone_checked) >= 20
    # Wider screens show the same filter <details> open (CSS ::details-content), without its "Filter" button.
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(live_server.url + reverse("lagebilder:liste"))
    assert page.locator("main .filter-box form.filters select").first.is_visible()
    assert not page.locator("main .filter-box > summary").is_visible()
    report = "\n".join(f"{label}:\n    " + "\n    ".join(problems) for label, problems in failures.items())
    assert not failures, f"{len(failures)} checks fail ({role}, {len(weights)} page loads):\n{report}"
    assert not csp_errors, "CSP blocked something:\n" + "\n".join(csp_errors)
