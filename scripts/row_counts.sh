#!/usr/bin/env bash
# Print "table<TAB>rows" for every table of the public schema (exact counts, one query).
set -euo pipefail
psql "${1:?Usage: scripts/row_counts.sh DATABASE_URL}" --no-psqlrc --tuples-only --no-align --field-separator=$'\t' --quiet --command "
  SELECT table_name,
         (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
  FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
  ORDER BY table_name"
