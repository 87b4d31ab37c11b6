"""Compare two runs of `benchmarks/page_cpu.py` (before/after), page by page and role by role.

The machine is shared and noisy, so both runs should be made at the same time, from two checkouts side
by side, each with its own Redis database (both then see the same load):

    git worktree add ../portal-before <commit>
    for dir in ../portal-before .; do (cd $dir && REDIS_URL=redis://127.0.0.1:6379/1$n ... \
        .venv/bin/python benchmarks/page_cpu.py > /tmp/cpu-$n.txt) & done; wait
    .venv/bin/python benchmarks/compare_cpu.py /tmp/cpu-before.txt /tmp/cpu-after.txt [--limit 1.25]

Prints a Markdown table with the median CPU time per request and the SQL queries of both runs and the
ratio after/before, then the pages whose ratio exceeds `--limit` and the median ratio per role.
Exit status 1 when a page is over the limit, so the comparison can gate a change.

On a shared machine one side-by-side run still scatters (the two processes drift apart in time): repeat
it and pass every further pair with `--pair BEFORE AFTER`; each page's ratio is then the median of its
ratios over the runs (listed in the last column), the CPU times the medians over the runs.
"""

import argparse
import re
import statistics
import sys

ROW = re.compile(
    r"^(?P<path>/\S*)\s+(?P<cpu>[\d.]+)\s+(?P<min>[\d.]+)\s+(?P<wall>[\d.]+)\s+(?P<p95>[\d.]+)\s+(?P<sql>\d+)"
)
ROLE = re.compile(r"^== (?P<role>\w+)")


def role_rows(path: str, row: re.Pattern, make) -> dict[tuple[str, str], dict]:
    """Return {(role, page): make(match)} for the lines of a per-role output file (`== role` headings,
    then one line per page that `row` matches; also used by page_calls.py)."""
    rows, role = {}, "?"
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if match := ROLE.match(line):
                role = match["role"]
            elif match := row.match(line.rstrip()):
                rows[(role, match["path"])] = make(match)
    return rows


def parse(path: str) -> dict[tuple[str, str], dict]:
    """Return {(role, page): {"cpu": ms, "min": ms, "sql": n}} from a page_cpu.py output file."""
    return role_rows(
        path,
        ROW,
        lambda match: {"cpu": float(match["cpu"]), "min": float(match["min"]), "sql": int(match["sql"])},
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--pair", nargs=2, action="append", default=[], metavar=("BEFORE", "AFTER"))
    parser.add_argument("--limit", type=float, default=1.25)
    args = parser.parse_args()
    pairs = [(parse(b), parse(a)) for b, a in [(args.before, args.after), *args.pair]]
    before, after = pairs[0]
    common = [key for key in before if key in after and all(key in b and key in a for b, a in pairs)]
    if not common:
        print("Keine gemeinsamen Seiten in beiden Läufen.", file=sys.stderr)
        return 2
    several = len(pairs) > 1
    print(
        "| Rolle | Seite | CPU ms vorher | CPU ms nachher | Verhältnis | SQL vorher | SQL nachher |"
        + (" Verhältnis je Lauf |" if several else "")
    )
    print("|---|---|---:|---:|---:|---:|---:|" + ("---|" if several else ""))
    over, ratios = [], {}
    for role, page in common:
        runs = [(b[(role, page)], a[(role, page)]) for b, a in pairs]
        each = [a["cpu"] / b["cpu"] if b["cpu"] else 1.0 for b, a in runs]
        ratio = statistics.median(each)
        cpu_before = statistics.median(b["cpu"] for b, _a in runs)
        cpu_after = statistics.median(a["cpu"] for _b, a in runs)
        b, a = runs[0]
        ratios.setdefault(role, []).append(ratio)
        if ratio > args.limit:
            over.append((role, page, ratio))
        print(
            f"| {role} | `{page[:60]}` | {cpu_before:.1f} | {cpu_after:.1f} | {ratio:.2f} | {b['sql']} | {a['sql']} |"
            + (f" {' '.join(f'{x:.2f}' for x in each)} |" if several else "")
        )
    print()
    for role, values in ratios.items():
        print(
            f"- {role}: Median-Verhältnis {statistics.median(values):.2f} über {len(values)} Seiten, max {max(values):.2f}"
        )
    missing = sorted(set(before) ^ set(after))
    if missing:
        print(f"- nur in einem Lauf: {', '.join(f'{r} {p}' for r, p in missing)}")
    if over:
        print(f"\nÜber {args.limit:.2f}×:")
        for role, page, ratio in over:
            print(f"- {role} {page}: {ratio:.2f}")
        return 1
    print(f"\nKeine Seite über {args.limit:.2f}×.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
