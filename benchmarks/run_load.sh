#!/usr/bin/env bash
# Load test: PostgreSQL database siko_bench (demo + benchmark data), gunicorn with 2 workers on
# 127.0.0.1, logged-in sessions for every role, locust headless for a bounded time.
# Prints requests per second, p50/p95/p99 and the error count; then per-page figures (page_rps.py).
#
#   benchmarks/run_load.sh                # 20 users, 60 s
#   USERS=50 RUN_TIME=120s benchmarks/run_load.sh
#   SKIP_SEED=1 benchmarks/run_load.sh    # reuse the seeded database
#   SEED_ONLY=1 benchmarks/run_load.sh    # only create and fill the database (SCALE=10 by default)
#   PAGES=0 USERS=150 benchmarks/run_load.sh   # locust only, without the per-page measurement
set -euo pipefail
cd "$(dirname "$0")/.."
VENV_BIN="${VENV_BIN:-$(dirname "$(command -v python)")}"
[ -x "$VENV_BIN/gunicorn" ] || VENV_BIN=.venv/bin

PG_SERVER="${PG_SERVER:-postgres://postgres@127.0.0.1:5432}"
export DATABASE_URL="${BENCH_DATABASE_URL:-$PG_SERVER/siko_bench}"
export REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13}"
export DJANGO_SETTINGS_MODULE=siko_portal.settings.dev
export SIKO_VAR_DIR="${SIKO_VAR_DIR:-$PWD/var/bench}"
export MEDIA_ROOT="$SIKO_VAR_DIR/private"
export DJANGO_DEBUG=0
export LOG_LEVEL=WARNING
PORT="${PORT:-18765}"
USERS="${USERS:-20}"
SPAWN_RATE="${SPAWN_RATE:-5}"
RUN_TIME="${RUN_TIME:-60s}"
PEOPLE="${PEOPLE:-1000}"
OUT="$SIKO_VAR_DIR"
mkdir -p "$OUT" "$MEDIA_ROOT"

if [ -z "${SKIP_SEED:-}" ]; then
  echo "== Fresh database ${DATABASE_URL##*/}"
  psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS siko_bench WITH (FORCE)" -qc "CREATE DATABASE siko_bench"
  "$VENV_BIN/python" manage.py migrate --noinput -v 0
  "$VENV_BIN/python" manage.py seed_demo > /dev/null
  "$VENV_BIN/python" benchmarks/seed_bench.py --people "$PEOPLE" --scale "${SCALE:-10}"
  "$VENV_BIN/python" manage.py collectstatic --noinput -v 0
  psql "$DATABASE_URL" -qc "VACUUM ANALYZE"
fi
[ -n "${SEED_ONLY:-}" ] && exit 0
"$VENV_BIN/python" benchmarks/prepare_sessions.py "$OUT/sessions.json"

if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "run_load.sh: port $PORT is already in use — choose another with PORT=..." >&2
  exit 2
fi
echo "== gunicorn (2 workers) on 127.0.0.1:$PORT"
"$VENV_BIN/gunicorn" siko_portal.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" --pid "$OUT/gunicorn.pid" --daemon
trap 'kill "$(cat "$OUT/gunicorn.pid")" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/health/" >/dev/null && break; sleep 1; done
curl -fs "http://127.0.0.1:$PORT/health/" >/dev/null || { echo "gunicorn did not start, see $OUT/gunicorn.log" >&2; exit 1; }

echo "== locust: $USERS users, $RUN_TIME"
SIKO_BENCH_SESSIONS="$OUT/sessions.json" "$VENV_BIN/locust" -f benchmarks/locustfile.py --headless \
  -u "$USERS" -r "$SPAWN_RATE" --run-time "$RUN_TIME" --host "http://127.0.0.1:$PORT" \
  --csv "$OUT/locust" --only-summary --loglevel WARNING > "$OUT/locust.out" 2>&1 || true

"$VENV_BIN/python" - "$OUT/locust_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print(f"{'Name':<34}{'Requests':>9}{'Errors':>7}{'RPS':>8}{'p50':>7}{'p95':>7}{'p99':>7}  (ms)")
for r in rows:
    print(f"{r['Name'][:33]:<34}{r['Request Count']:>9}{r['Failure Count']:>7}{float(r['Requests/s']):>8.1f}"
          f"{r['50%']:>7}{r['95%']:>7}{r['99%']:>7}")
PY

[ "${PAGES:-1}" = "0" ] && exit 0
echo "== Per page: every logged-in page of the URL inventory (closed loop, 8 connections, wrk)"
"$VENV_BIN/python" benchmarks/page_rps.py --base "http://127.0.0.1:$PORT" --sessions "$OUT/sessions.json" \
  --concurrency 8 --seconds "${PAGE_SECONDS:-5}" --role mitglied --role geschaeftsstelle
