#!/usr/bin/env bash
# page_cpu.py of two checkouts at the same time (both see the same machine load), then compare_cpu.py.
#
#   git worktree add ../portal-before 12e59c5          # the checkout to compare against
#   BEFORE_DIR=../portal-before benchmarks/side_by_side.sh --runs 10 [--role mitglied ...]
#
# BEFORE_DB / AFTER_DB: PostgreSQL databases (default siko_bench for both; when the newer code's
# migrations change tables the older code reads, give the newer one a copy: `createdb -T siko_bench
# siko_bench_new` and `manage.py migrate` on it). Each side has its own Redis database (BEFORE_REDIS /
# AFTER_REDIS, default 13 / 14; one database for both works too, as long as the two checkouts' cache key
# prefixes differ — they do when the release ids differ).
# Output: $OUT_DIR/cpu-before.txt, $OUT_DIR/cpu-after.txt (OUT_DIR default /tmp) and the Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
AFTER_DIR="$PWD"
BEFORE_DIR="$(cd "${BEFORE_DIR:?BEFORE_DIR: checkout to compare against}" && pwd)"
PG="${PG_SERVER:-postgres://postgres@127.0.0.1:5432}"
PY="${PYTHON:-$AFTER_DIR/.venv/bin/python}"
OUT_DIR="${OUT_DIR:-/tmp}"
REDIS="${REDIS_SERVER:-redis://127.0.0.1:6379}"
export SIKO_VAR_DIR="${SIKO_VAR_DIR:-$AFTER_DIR/var/bench}" MEDIA_ROOT="${MEDIA_ROOT:-$AFTER_DIR/var/bench/private}"
export DJANGO_DEBUG=0 LOG_LEVEL=WARNING DJANGO_SETTINGS_MODULE=siko_portal.settings.dev
(cd "$BEFORE_DIR" && DATABASE_URL="$PG/${BEFORE_DB:-siko_bench}" REDIS_URL="$REDIS/${BEFORE_REDIS:-13}" \
  "$PY" benchmarks/page_cpu.py "$@" > "$OUT_DIR/cpu-before.txt" 2>/dev/null) &
(cd "$AFTER_DIR" && DATABASE_URL="$PG/${AFTER_DB:-siko_bench}" REDIS_URL="$REDIS/${AFTER_REDIS:-14}" \
  "$PY" benchmarks/page_cpu.py "$@" > "$OUT_DIR/cpu-after.txt" 2>/dev/null) &
wait
"$PY" benchmarks/compare_cpu.py "$OUT_DIR/cpu-before.txt" "$OUT_DIR/cpu-after.txt" || true
