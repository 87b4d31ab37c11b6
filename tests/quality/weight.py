"""Page weight (used by the browser pass over every page type, tests/quality/test_every_page_type.py): per
page load, the compressed HTML ≤ 30 KB, all stylesheets ≤ 30 KB, all scripts ≤ 50 KB, no other origin."""

import gzip
from urllib.parse import urlparse

KB = 1024
BUDGET = {"document": 30 * KB, "stylesheet": 30 * KB, "script": 50 * KB}


def compressed_size(body: bytes, headers: dict) -> int:
    """Bytes on the wire with gzip: the response's own size when it is compressed, else gzip -6."""
    if headers.get("content-encoding") in ("gzip", "br"):
        return int(headers.get("content-length") or len(body))
    return len(gzip.compress(body, compresslevel=6))


def weigh(requests: list, origin: str, path: str) -> tuple[list[str], dict[str, int]]:
    """The budget problems and the compressed totals by kind of the finished `requests` (Playwright
    `Request`s) of one page load of `path` on the server at `origin`."""
    server = urlparse(origin)
    problems = []
    totals = dict.fromkeys(BUDGET, 0)
    for request in requests:
        parsed = urlparse(request.url)
        if parsed.scheme not in ("data", "blob") and (parsed.hostname, parsed.port) != (
            server.hostname,
            server.port,
        ):
            problems.append(f"{path}: request to another origin {request.url}")
        kind = request.resource_type
        if kind in totals:
            response = request.response()
            if response is None or 300 <= response.status < 400:
                continue  # redirects have no body; the target is recorded as its own request
            totals[kind] += compressed_size(response.body(), response.headers)
    for kind, limit in BUDGET.items():
        if totals[kind] > limit:
            problems.append(f"{path}: {kind} {totals[kind] / KB:.1f} KB > {limit // KB} KB")
    return problems, totals


def weight_line(path: str, totals: dict[str, int]) -> str:
    return (
        f"{path:<45} HTML {totals['document'] / KB:5.1f} KB  CSS {totals['stylesheet'] / KB:5.1f} KB"
        f"  JS {totals['script'] / KB:5.1f} KB"
    )
