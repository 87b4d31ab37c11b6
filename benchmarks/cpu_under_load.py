"""CPU time per request under load, per process kind: what one request of a page costs the gunicorn
workers, the PostgreSQL backends and Redis while wrk keeps the server busy (Linux: read from /proc).

Requests per second on a shared two-core machine scatter with everything else it runs; the CPU time the
server's own processes spend per request scatters much less, and it shows where a page's cost lies (Python,
database, cache). Give each server as `label=URL=sessions.json=DATABASE`: the gunicorn master's port is
taken from URL (its workers are the processes whose command line names that port), DATABASE is the
PostgreSQL database that server uses (its backends' command lines name it); Redis is counted as a whole,
so measure one server at a time (the script does).

    .venv/bin/python benchmarks/cpu_under_load.py --vary \\
        --server neu=http://127.0.0.1:18161=var/h1/sessions.json=s_now \\
        --server start=http://127.0.0.1:18162=var/h2/sessions.json=s_start \\
        /fachgebiete/rotlicht/ "/suche/?q=Shisha" "/suche/?q=Kontrolle"

`--vary` (search pages): every request asks another spelling of its query (search_vs_fachgebiet.py's wrk
script), so every search misses the cache of search answers, as a first search does. Prints a Markdown table:
requests, req/s, CPU ms per request of gunicorn, PostgreSQL and Redis, their sum, and the sum's ratio to the
first path of the same server (first path ÷ page: above 1 means the page is cheaper than the first path).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_by_process(matches) -> dict[str, float]:
    """{pid: user + system CPU seconds} of every live process whose command line `matches`."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="ignore")
            if not matches(command):
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    return found


def cpu_spent(before: dict, after: dict) -> tuple[float, int]:
    """CPU seconds spent between two readings (a process started meanwhile counts whole), and how many
    processes ended meanwhile (their last part is lost: run the servers with a long DB_CONN_MAX_AGE, so
    that PostgreSQL connections are not closed and opened again during a measurement)."""
    spent = sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
    return spent, len(set(before) - set(after))


def process_kinds(port: str, database: str) -> dict:
    return {
        "gunicorn": lambda command: "gunicorn" in command and f":{port}" in command,
        "postgres": lambda command: command.startswith("postgres: ") and f" {database} " in command,
        "redis": lambda command: command.startswith("redis-server"),
    }


def measure(url: str, cookie: str, seconds: int, script: str | None, kinds: dict) -> dict:
    before = {kind: cpu_by_process(matches) for kind, matches in kinds.items()}
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    after = {kind: cpu_by_process(matches) for kind, matches in kinds.items()}
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result = {
        "requests": requests,
        "rps": requests / seconds,
        "errors": int(errors.group(1)) if errors else 0,
    }
    result["ended"] = 0
    for kind in kinds:
        spent, ended = cpu_spent(before[kind], after[kind])
        result[kind] = spent * 1000 / max(requests, 1)
        result["ended"] += ended
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--server", action="append", required=True, help="label=URL=sessions.json=DATABASE")
    parser.add_argument("--role", default="mitglied")
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--vary", action="store_true", help="a new spelling of the query per search request")
    args = parser.parse_args()

    script = None
    if args.vary:
        from search_vs_fachgebiet import VARY_LUA

        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(VARY_LUA)
        script = handle.name

    print(
        "| Server | Seite | Anfragen | req/s | gunicorn ms | PostgreSQL ms | Redis ms | CPU ms je Anfrage | erste Seite ÷ Seite |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for spec in args.server:
        label, url, sessions_file, database = spec.split("=", 3)
        sessions = json.loads(Path(sessions_file).read_text(encoding="utf-8"))
        cookie = f"{sessions['cookie_name']}={sessions['sessions'][args.role][0]['cookie']}"
        kinds = process_kinds(str(urlsplit(url).port), database)
        first = None
        for path in args.paths:
            result = measure(
                url.rstrip("/") + path, cookie, args.seconds, script if "q=" in path else None, kinds
            )
            total = result["gunicorn"] + result["postgres"] + result["redis"]
            first = first or total
            failed = f" ({result['errors']} Fehler)" if result["errors"] else ""
            failed += f" ({result['ended']} Prozesse beendet)" if result["ended"] else ""
            print(
                f"| {label} | `{path}` | {result['requests']}{failed} | {result['rps']:.0f} | {result['gunicorn']:.2f} "
                f"| {result['postgres']:.2f} | {result['redis']:.2f} | {total:.2f} | {first / total:.2f} |"
            )


if __name__ == "__main__":
    main()
