"""Requests per second and p50/p95 per logged-in page with a simple concurrent client.

    python benchmarks/page_rps.py --base http://127.0.0.1:18765 --sessions var/bench/sessions.json

Target of the portal (gunicorn, 2 workers, PostgreSQL): at least 150 requests/s, p95 below 100 ms.
Each thread keeps one HTTP/1.1 connection open and requests the page in a closed loop.
"""

import argparse
import http.client
import json
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

PAGES = [
    "/",
    "/suche/?q=Essen",
    "/konto/profil/",
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
    "/admin/",
]


def measure(base: str, cookie: str, path: str, concurrency: int, seconds: float) -> dict:
    parsed = urlparse(base)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        own, own_errors = [], 0
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    own_errors += 1
            except OSError:
                own_errors += 1
                conn.close()
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
                continue
            own.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(own)
            errors[0] += own_errors

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {
        "rps": len(latencies) / elapsed,
        "p50": q[49],
        "p95": q[94],
        "n": len(latencies),
        "errors": errors[0],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:18765")
    parser.add_argument("--sessions", default="var/bench/sessions.json")
    parser.add_argument("--role", default="geschaeftsstelle")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    if urlparse(args.base).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("localhost only")
    data = json.loads(Path(args.sessions).read_text(encoding="utf-8"))
    cookie = f"{data['cookie_name']}={data['sessions'][args.role][0]['cookie']}"
    print(
        f"{'Seite':<22}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'n':>7}{'Fehler':>7}  Ziel ≥150 req/s, p95 <100 ms"
    )
    for path in PAGES:
        conn = http.client.HTTPConnection(urlparse(args.base).hostname, urlparse(args.base).port, timeout=30)
        conn.request("GET", path, headers={"Cookie": cookie})
        status = conn.getresponse().status
        conn.close()
        if status != 200:
            continue  # section not installed in this build
        r = measure(args.base, cookie, path, args.concurrency, args.seconds)
        ok = "ok" if r["rps"] >= 150 and r["p95"] < 100 else "unter Ziel"
        print(f"{path:<22}{r['rps']:>8.1f}{r['p50']:>8.1f}{r['p95']:>8.1f}{r['n']:>7}{r['errors']:>7}  {ok}")


if __name__ == "__main__":
    main()
