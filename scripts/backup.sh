#!/usr/bin/env bash
# Consistent backup of the portal: database (pg_dump custom format) + uploaded files (tar) + a manifest
# with the row count of every table and the SHA-256 of every file, so a restore can be verified.
#
#   DATABASE_URL=postgres://user:pw@host:5432/siko MEDIA_ROOT=/data/private scripts/backup.sh /backups/2026-11-25
#
# Consistency: pg_dump reads one snapshot of the database. Files are written once and never
# overwritten (storage file_overwrite=False), and the file archive is taken *after* the dump, so it
# contains every file the dump refers to (plus possibly a few newer, unreferenced ones).
set -euo pipefail

target="${1:?Usage: scripts/backup.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL (postgres://...) is required}"
: "${MEDIA_ROOT:?MEDIA_ROOT (directory of uploaded files) is required}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "backup.sh: DATABASE_URL must be PostgreSQL" >&2; exit 2;; esac

mkdir -p "$target/manifest"
if [ -e "$target/db.dump" ]; then
  echo "backup.sh: $target already contains a backup" >&2
  exit 2
fi

echo "== Database: pg_dump -Fc"
pg_dump --format=custom --no-owner --no-privileges --file="$target/db.dump" "$DATABASE_URL"

echo "== Row counts"
"$(dirname "$0")/row_counts.sh" "$DATABASE_URL" > "$target/manifest/rows.tsv"

echo "== Files: $MEDIA_ROOT"
mkdir -p "$MEDIA_ROOT"
tar --create --gzip --file="$target/media.tar.gz" --directory="$MEDIA_ROOT" .
(cd "$MEDIA_ROOT" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) > "$target/manifest/files.sha256"

{
  echo "created_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "pg_dump=$(pg_dump --version)"
  echo "tables=$(wc -l < "$target/manifest/rows.tsv")"
  echo "files=$(wc -l < "$target/manifest/files.sha256")"
} > "$target/manifest/info.txt"
(cd "$target" && sha256sum db.dump media.tar.gz > manifest/archives.sha256)

echo "Backup complete: $target ($(cat "$target/manifest/info.txt" | tr '\n' ' '))"
