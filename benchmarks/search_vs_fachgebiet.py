"""The search results page against a Fachgebiet page: CPU time per request in-process, and requests/s
under gunicorn, both as ratios measured in one run (issue #17).

In-process (no HTTP; CPU time and SQL time per request, median of --runs, and the Python function calls of
a request — the work, which does not scatter with the machine's load):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<copy of siko_bench> REDIS_URL=redis://127.0.0.1:6379/<n> \
        DJANGO_SETTINGS_MODULE=siko_portal.settings.dev .venv/bin/python benchmarks/search_vs_fachgebiet.py

Requests/s against running servers (2 gunicorn workers each; sessions from benchmarks/prepare_sessions.py);
give several `--base label=URL=sessions.json` to put today's checkout beside this one in the same run —
the servers are measured one after the other, page by page, so they see the same machine load:

    ... search_vs_fachgebiet.py --http --base neu=http://127.0.0.1:18161=var/h6/sessions.json \
        --base vorher=http://127.0.0.1:18162=/tmp/before/sessions.json

On a shared machine whose speed drifts during a run, `--rounds N` measures every page and server N times in
turn (e.g. `--seconds 4 --rounds 5`) and reports requests/s over all rounds with the range of the ratio
over the rounds; `--query Shisha` (repeatable) measures only some of the queries.

Warm and cold: the search keeps its answers in a cache of search answers (portal.search_cache), so a repeated
query is a cache hit. `--cold` measures the first search after a write: in-process it renews the search
generation before every measured request; with --http give `--cold label=REDIS_URL=KEY_PREFIX` for each server
whose generation is renewed in its Redis before every search request (KEY_PREFIX = siko:<PORTAL_RELEASE> of
that server; a checkout without the cache is cold anyway). Another checkout in-process (e.g. today's main):

    cd /work/wt-base17 && SIKO_CHECKOUT=/work/wt-base17 DATABASE_URL=... .venv/bin/python \
        /path/to/this/benchmarks/search_vs_fachgebiet.py --runs 20 [--cold]

The Fachgebiet page is the first live FachgebietPage; the queries are the demo's analyser queries plus a
person's name with a typing error and a very frequent word. Prints Markdown tables with the ratios
search ÷ Fachgebiet.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

# SIKO_CHECKOUT: measure another checkout's code in-process (e.g. today's main), with this script.
CHECKOUT = Path(os.environ.get("SIKO_CHECKOUT") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(CHECKOUT / "benchmarks"))
sys.path.insert(0, str(CHECKOUT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")

QUERIES = ["Glücksspiel", "Gluecksspiele", "Shisha", "Vermögensabschöpfung", "Kowalsky", "Kontrolle"]


def fachgebiet_path() -> str:
    from fachgebiete.models import FachgebietPage

    return FachgebietPage.objects.live().order_by("path").first().url


def search_paths(queries=None) -> list[str]:
    return [f"/suche/?q={quote(query)}" for query in queries or QUERIES]


def renew_search_generation():
    """`--cold`: a function that makes the next search miss the cache of search answers, as after any
    write (None for a checkout without that cache: every search there is computed anyway)."""
    try:
        from portal import search_cache
    except ImportError:
        return None
    return search_cache.changed


def in_process(role: str, runs: int, cold: bool = False) -> None:
    import django

    django.setup()
    from django.db import connection
    from page_cpu import client_for

    renew = renew_search_generation() if cold else None

    client = client_for(role)
    sql_ms = [0.0]

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_ms[0] += (time.perf_counter() - start) * 1000

    def calls_per_request(path: str, requests: int = 3) -> int:
        """Python function calls of one request (cProfile's counter; the work, without the machine's
        noise), cold or warm like the timed requests."""
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        for _ in range(requests):
            if renew is not None:
                renew()
            profiler.enable()
            client.get(path)
            profiler.disable()
        return pstats.Stats(profiler).total_calls // requests

    rows = []
    for path in [fachgebiet_path(), *search_paths()]:
        for _ in range(3):
            assert client.get(path).status_code == 200, path  # warm caches as a running server has them
        cpu, sql = [], []
        for _ in range(runs):
            sql_ms[0] = 0.0
            if renew is not None:
                renew()  # outside the measured time
            with connection.execute_wrapper(timed):
                c0 = time.process_time()
                client.get(path)
                cpu.append((time.process_time() - c0) * 1000)
            sql.append(sql_ms[0])
        rows.append((path, statistics.median(cpu), min(cpu), statistics.median(sql), calls_per_request(path)))
    base = rows[0][1]
    base_calls = rows[0][4]
    state = "kalt (Suchgeneration vor jeder Anfrage erneuert)" if cold else "warm (wiederholte Anfrage)"
    if cold and renew is None:
        state += ", diese Version hat keinen Cache der Suchantworten"
    print(f"== in-process ({CHECKOUT}), role {role}, {state}, median of {runs} runs (ms per request)\n")
    print("| Seite | CPU median | CPU min | SQL median | CPU ÷ Fachgebiet | Aufrufe | Aufrufe ÷ Fachgebiet |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for path, cpu, cpu_min, sql, calls in rows:
        print(
            f"| `{path}` | {cpu:.1f} | {cpu_min:.1f} | {sql:.1f} | {cpu / base:.2f} | {calls} | {calls / base_calls:.2f} |"
        )


def cold_renewer(spec: str):
    """`--cold label=REDIS_URL=KEY_PREFIX`: before every request, a new search generation in that server's
    Redis (the server's CACHES KEY_PREFIX, i.e. siko:<PORTAL_RELEASE>), written as Django's Redis
    backend writes a string (pickled), so the next search of that server misses the cache."""
    import pickle
    import uuid

    import redis

    label, url, prefix = spec.split("=", 2)
    client = redis.Redis.from_url(url)
    key = f"{prefix}:1:portal:suche:generation"

    def renew():
        client.set(key, pickle.dumps(uuid.uuid4().hex, pickle.HIGHEST_PROTOCOL))

    return label, renew


def measure_with(url: str, cookie: str, concurrency: int, seconds: float, before_each) -> dict:
    """page_rps.measure_python of this script's own checkout (SIKO_CHECKOUT may put another checkout's
    benchmarks first on the path), with `before_each()` before every request (not timed)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("page_rps_here", Path(__file__).with_name("page_rps.py"))
    page_rps = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(page_rps)
    return page_rps.measure_python(url, cookie, concurrency, seconds, before_each=before_each)


# `--vary` (wrk): every search request asks another spelling of the same query — each letter in upper or
# lower case at random and four stop words appended, from 32 (the analyser drops them, so every variant is
# the same search) — so it misses the cache of search answers like a person's first search of a query, while
# the load generator stays wrk (a Python client takes CPU from the servers on a small machine). With two
# stop words from twelve (before 7 December 2026) a short query had few spellings ("Shisha": 64 × 144), so a
# run of a few thousand requests met some of them twice and was partly answered from the cache.
VARY_LUA = """
local stop = {"und", "der", "die", "das", "mit", "von", "bei", "oder", "auch", "nach", "wie", "aus",
  "aber", "alle", "als", "also", "auf", "bis", "damit", "dann", "dass", "dem", "den", "des", "dies",
  "ein", "eine", "einem", "einen", "einer", "ist", "hat"}
local seeded = false
function request()
  if not seeded then math.randomseed(tonumber(tostring({}):match("0x(%x+)"), 16) % 2147483647) seeded = true end
  local base, query = wrk.path:match("^(.-%?q=)(.*)$")
  if not base then return wrk.format(nil, wrk.path) end
  local varied = query:gsub("%a", function(c) if math.random() < 0.5 then return c:upper() end return c:lower() end)
  local words = ""
  for _ = 1, 4 do words = words .. "+" .. stop[math.random(#stop)] end
  return wrk.format(nil, base .. varied .. words)
end
"""


def over_http(
    bases: list[str],
    role: str,
    concurrency: int,
    seconds: float,
    cold: list[str] = (),
    vary: bool = False,
    rounds: int = 1,
    queries: list[str] | None = None,
) -> None:
    import shutil
    import tempfile

    from page_rps import WRK_SCRIPT, measure_python, measure_wrk, warm_up

    renewers = dict(cold_renewer(spec) for spec in cold)

    servers = []
    for spec in bases:
        label, url, sessions_file = spec.split("=", 2)
        sessions = json.loads(Path(sessions_file).read_text(encoding="utf-8"))
        cookie = f"{sessions['cookie_name']}={sessions['sessions'][role][0]['cookie']}"
        servers.append((label, url.rstrip("/"), cookie))
    import django

    django.setup()
    paths = [fachgebiet_path(), *search_paths(queries)]
    script = vary_script = None
    if shutil.which("wrk"):
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(WRK_SCRIPT)
        script = handle.name
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(WRK_SCRIPT + VARY_LUA)
        vary_script = handle.name
    elif vary:
        raise SystemExit("--vary braucht wrk (apt-get install wrk)")
    # `rounds` > 1: every page and server `seconds` long per round, the rounds one after the other, so a
    # machine that gets slower or faster during the run (a shared machine) shifts every page alike. The
    # requests/s of a page are its requests over its time in all rounds; each round's ratio is kept too.
    results: dict[tuple[str, str], dict] = {}
    round_ratios: dict[tuple[str, str], list[float]] = {}
    for _round in range(rounds):
        this_round = {}
        for path in paths:
            for label, url, cookie in servers:
                warm_up(url + path, cookie)
                if label in renewers and path != paths[0]:
                    measured = measure_with(url + path, cookie, concurrency, seconds, renewers[label])
                elif script:
                    chosen = vary_script if vary and path != paths[0] else script
                    measured = measure_wrk(url + path, cookie, concurrency, seconds, chosen)
                else:
                    measured = measure_python(url + path, cookie, concurrency, seconds)
                this_round[(label, path)] = measured
                total = results.setdefault((label, path), {"n": 0, "errors": 0, "p50s": [], "seconds": 0.0})
                total["n"] += measured["rps"] * seconds
                total["seconds"] += seconds
                total["errors"] += measured["errors"]
                total["p50s"].append(measured["p50"])
        for label, _url, _cookie in servers:
            for path in paths:
                round_ratios.setdefault((label, path), []).append(
                    this_round[(label, path)]["rps"] / this_round[(label, paths[0])]["rps"]
                )
    for total in results.values():
        total["rps"] = total["n"] / total["seconds"]
        total["p50"] = statistics.median(total["p50s"])
    state = (
        f"kalt für {', '.join(renewers)} (Suchgeneration vor jeder Suchanfrage erneuert)"
        if renewers
        else "kalt (jede Suchanfrage eine andere Schreibweise, wrk)"
        if vary
        else "warm"
    )
    print(
        f"\n== HTTP, role {role}, {concurrency} connections, {seconds:.0f} s per page and server"
        f"{f' in each of {rounds} rounds' if rounds > 1 else ''}, {state}\n"
    )
    header = " | ".join(f"{label} req/s | {label} p50 ms | {label} ÷ Fachgebiet" for label, _u, _c in servers)
    print(f"| Seite | {header} |")
    print("|---|" + "---:|" * (3 * len(servers)))
    for path in paths:
        cells = []
        for label, _url, _cookie in servers:
            r = results[(label, path)]
            base = results[(label, paths[0])]["rps"]
            errors = f" ({r['errors']} Fehler)" if r["errors"] else ""
            spread = round_ratios[(label, path)]
            spread_text = f" ({min(spread):.2f}–{max(spread):.2f})" if rounds > 1 and path != paths[0] else ""
            cells.append(f"{r['rps']:.0f}{errors} | {r['p50']:.0f} | {r['rps'] / base:.2f}{spread_text}")
        print(f"| `{path}` | " + " | ".join(cells) + " |")
    if len(servers) > 1:
        first, second = servers[0][0], servers[1][0]
        ratios = [results[(first, p)]["rps"] / results[(second, p)]["rps"] for p in paths[1:]]
        print(f"\nSuche {first} ÷ {second} (req/s, Median der Suchanfragen): {statistics.median(ratios):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--role", default="mitglied")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--http", action="store_true", help="measure requests/s against --base servers")
    parser.add_argument("--base", action="append", default=[], help="label=URL=sessions.json")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="with --http: measure every page and server this many times, one round after the other "
        "(requests/s over all rounds; the ratio's range over the rounds in brackets)",
    )
    parser.add_argument(
        "--cold",
        action="append",
        nargs="?",
        const="",
        default=[],
        help="in-process: renew the search generation before every request; with --http: "
        "label=REDIS_URL=KEY_PREFIX of a server whose search generation is renewed before every search request",
    )
    parser.add_argument(
        "--vary",
        action="store_true",
        help="with --http and wrk: every search request another spelling of its query (a cache miss, cold)",
    )
    parser.add_argument(
        "--query",
        action="append",
        default=[],
        help="with --http: only these queries (default: all of QUERIES)",
    )
    args = parser.parse_args()
    if args.http:
        cold = [c for c in args.cold if c]
        over_http(
            args.base,
            args.role,
            args.concurrency,
            args.seconds,
            cold,
            vary=args.vary,
            rounds=args.rounds,
            queries=args.query,
        )
    else:
        in_process(args.role, args.runs, cold=bool(args.cold))


if __name__ == "__main__":
    main()
