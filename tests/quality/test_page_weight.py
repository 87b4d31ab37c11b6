"""Page weight: per page type, compressed HTML ≤ 30 KB, CSS ≤ 30 KB, JS ≤ 50 KB, no other origin."""

import gzip
from urllib.parse import urlparse

import pytest

from tests.conftest import seed_demo
from tests.quality.browser import is_html_page, login_as, page_types

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KB = 1024
BUDGET = {"document": 30 * KB, "stylesheet": 30 * KB, "script": 50 * KB}


def compressed_size(body: bytes, headers: dict) -> int:
    """Bytes on the wire with gzip: the response's own size when it is compressed, else gzip -6."""
    if headers.get("content-encoding") in ("gzip", "br"):
        return int(headers.get("content-length") or len(body))
    return len(gzip.compress(body, compresslevel=6))


@pytest.mark.parametrize("role", ["mitglied", "geschaeftsstelle"])
def test_every_page_type_stays_within_its_weight_budget(page, live_server, role):
    seed_demo()
    login_as(page, live_server.url, role)
    origin = urlparse(live_server.url)
    records = []
    page.on("requestfinished", lambda request: records.append(request))
    problems, lines = [], []
    for url in page_types():
        if not is_html_page(page, live_server.url + url.path):
            continue
        records.clear()
        page.goto(live_server.url + url.path, wait_until="load")
        totals = {"document": 0, "stylesheet": 0, "script": 0}
        for request in records:
            parsed = urlparse(request.url)
            if parsed.scheme not in ("data", "blob") and (parsed.hostname, parsed.port) != (
                origin.hostname,
                origin.port,
            ):
                problems.append(f"{url.path}: request to another origin {request.url}")
            kind = request.resource_type
            if kind in totals:
                response = request.response()
                if response is None or 300 <= response.status < 400:
                    continue  # redirects have no body; the target is recorded as its own request
                totals[kind] += compressed_size(response.body(), response.headers)
        for kind, limit in BUDGET.items():
            if totals[kind] > limit:
                problems.append(f"{url.path}: {kind} {totals[kind] / KB:.1f} KB > {limit // KB} KB")
        lines.append(
            f"{url.path:<45} HTML {totals['document'] / KB:5.1f} KB  CSS {totals['stylesheet'] / KB:5.1f} KB"
            f"  JS {totals['script'] / KB:5.1f} KB"
        )
    print(f"\nSeitengewicht (gzip), {role}:\n" + "\n".join(lines))
    assert len(lines) >= 5
    assert not problems, "\n".join(problems)


def test_compressed_size_uses_gzip_when_the_server_did_not_compress():
    body = b"<p>Lagebild</p>" * 1000
    assert compressed_size(body, {}) < len(body) / 10
    assert compressed_size(b"x", {"content-encoding": "gzip", "content-length": "123"}) == 123
