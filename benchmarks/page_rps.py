"""Requests per second and p50/p95/p99 of every logged-in page against a running gunicorn.

    DATABASE_URL=… REDIS_URL=… DJANGO_SETTINGS_MODULE=siko_portal.settings.dev \
        .venv/bin/python benchmarks/page_rps.py --base http://127.0.0.1:18765 --sessions var/bench/sessions.json

Portal-wide target (gunicorn, 2 workers, PostgreSQL, this 2-core machine): every logged-in page at least
150 requests/s with p95 below 100 ms. The pages are one per URL name and page type from the quality
gates' URL inventory (tests/url_inventory.py), requested as the role's logged-in person; only pages that
answer 200 with HTML are measured (downloads and POST-only views are left out). Each page gets a
closed loop of `--concurrency` connections for `--seconds` with wrk (C, so the load generator costs
little CPU next to the server); without wrk a Python client is used. Every answer other than 200 counts
as an error, so an expired session cannot pass as speed.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")

TARGET_RPS = 150
TARGET_P95_MS = 100
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  local e = summary.errors
  io.write(string.format('RESULT {"n": %d, "us": %d, "bad": %d, "socket": %d, "p50": %.3f, "p95": %.3f, "p99": %.3f}\\n',
    summary.requests, summary.duration, b, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def inventory_pages(role: str) -> list[str]:
    """One HTML page per URL name / page type that the role's person can open (in-process check)."""
    import django

    django.setup()
    from page_cpu import client_for, html_pages

    return html_pages(client_for(role))


def session_alive(base: str, cookie: str) -> bool:
    """True when the stored session still opens a page (sessions end after 30 idle minutes)."""
    import http.client

    parsed = urlparse(base)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    conn.request("GET", "/konto/profil/", headers={"Cookie": cookie})
    status = conn.getresponse().status
    conn.close()
    return status == 200


def warm_up(url: str, cookie: str, requests: int = 10) -> None:
    """A few requests first, so that both workers have the page's templates and caches warm."""
    import urllib.request

    for _ in range(requests):
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - localhost only
            response.read()


def measure_wrk(url: str, cookie: str, concurrency: int, seconds: float, script: str) -> dict:
    output = subprocess.run(
        ["wrk", f"-t{min(2, concurrency)}", f"-c{concurrency}", f"-d{int(seconds)}s", "--timeout", "10s"]
        + ["-s", script, "-H", f"Cookie: {cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    data = json.loads(line[len("RESULT ") :])
    return {
        "rps": data["n"] / (data["us"] / 1e6),
        "p50": data["p50"],
        "p95": data["p95"],
        "p99": data["p99"],
        "n": data["n"],
        "errors": data["bad"] + data["socket"],
    }


def measure_python(url: str, cookie: str, concurrency: int, seconds: float, before_each=None) -> dict:
    """Requests/s and latencies of `concurrency` threads for `seconds`; `before_each()`, when given, runs
    before every request and is not timed (e.g. renewing a cache generation: the cold case)."""
    import http.client
    import statistics
    import threading
    import time

    parsed = urlparse(url)
    path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    latencies, errors, lock = [], [0], threading.Lock()
    stop = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        own, own_errors = [], 0
        while time.monotonic() < stop:
            if before_each is not None:
                before_each()
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                own_errors += response.status != 200
            except OSError:
                own_errors += 1
                conn.close()
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
                continue
            own.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(own)
            errors[0] += own_errors

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    q = statistics.quantiles(sorted(latencies), n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "rps": len(latencies) / elapsed,
        "p50": q[49],
        "p95": q[94],
        "p99": q[98],
        "n": len(latencies),
        "errors": errors[0],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:18765")
    parser.add_argument("--sessions", default="var/bench/sessions.json")
    parser.add_argument(
        "--role", action="append", help="mitglied, ansprechpartner, redaktion, geschaeftsstelle"
    )
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--only", help="substring: measure only matching paths")
    parser.add_argument("--exclude-admin", action="store_true", help="leave out the Wagtail admin")
    args = parser.parse_args()
    if urlparse(args.base).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("localhost only")
    sessions = json.loads(Path(args.sessions).read_text(encoding="utf-8"))
    use_wrk = shutil.which("wrk") is not None
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(WRK_SCRIPT)
        script = handle.name
    below = []
    for role in args.role or ["mitglied", "geschaeftsstelle"]:
        cookie = f"{sessions['cookie_name']}={sessions['sessions'][role][0]['cookie']}"
        if not session_alive(args.base, cookie):
            raise SystemExit(
                f"Die Sitzung für {role} ist abgelaufen (30 Minuten ohne Anfrage): "
                "benchmarks/prepare_sessions.py erneut ausführen."
            )
        paths = [
            p
            for p in inventory_pages(role)
            if (not args.only or args.only in p) and not (args.exclude_admin and p.startswith("/admin/"))
        ]
        print(
            f"\n== {role}: {len(paths)} Seiten, {args.concurrency} Verbindungen, je {args.seconds:g} s"
            f" ({'wrk' if use_wrk else 'Python-Client'})"
        )
        print(f"{'Seite':<52}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'n':>7}{'Fehler':>7}")
        for path in paths:
            url = args.base + path
            warm_up(url, cookie)
            if use_wrk:
                r = measure_wrk(url, cookie, args.concurrency, args.seconds, script)
            else:
                r = measure_python(url, cookie, args.concurrency, args.seconds)
            ok = r["rps"] >= TARGET_RPS and r["p95"] < TARGET_P95_MS and r["errors"] == 0
            if not ok:
                below.append((role, path))
            print(
                f"{path[:51]:<52}{r['rps']:>8.1f}{r['p50']:>8.1f}{r['p95']:>8.1f}{r['p99']:>8.1f}"
                f"{r['n']:>7}{r['errors']:>7}  {'ok' if ok else 'unter Ziel'}"
            )
    os.unlink(script)
    print(f"\nZiel ≥ {TARGET_RPS} req/s, p95 < {TARGET_P95_MS} ms, 0 Fehler — verfehlt: {len(below)}")
    for role, path in below:
        print(f"  {role} {path}")


if __name__ == "__main__":
    main()
