#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and an empty media directory,
# then verify row counts and file checksums against the backup's manifest.
#
#   DATABASE_URL=postgres://user:pw@host:5432/siko_neu MEDIA_ROOT=/data/private-neu scripts/restore.sh /backups/2026-11-25
#
# Create the empty database first, e.g. `createdb -O siko siko_neu`. Stop the web and worker
# containers while restoring into a live installation's database.
set -euo pipefail

source_dir="$(cd "${1:?Usage: scripts/restore.sh BACKUP_DIR}" && pwd)"
: "${DATABASE_URL:?DATABASE_URL (postgres://...) of an empty database is required}"
: "${MEDIA_ROOT:?MEDIA_ROOT (empty directory for the files) is required}"
here="$(cd "$(dirname "$0")" && pwd)"

echo "== Checking the backup"
(cd "$source_dir" && sha256sum --check --quiet manifest/archives.sha256)

tables=$(psql "$DATABASE_URL" --no-psqlrc -At -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [ "$tables" != "0" ]; then
  echo "restore.sh: the target database is not empty ($tables tables) — refusing to overwrite" >&2
  exit 2
fi
mkdir -p "$MEDIA_ROOT"
if [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
  echo "restore.sh: $MEDIA_ROOT is not empty — refusing to overwrite" >&2
  exit 2
fi

echo "== Database: pg_restore (one transaction)"
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$DATABASE_URL" "$source_dir/db.dump"

echo "== Files"
tar --extract --gzip --file="$source_dir/media.tar.gz" --directory="$MEDIA_ROOT"

echo "== Verifying"
"$here/row_counts.sh" "$DATABASE_URL" > /tmp/siko-restore-rows.$$
if ! diff -u "$source_dir/manifest/rows.tsv" /tmp/siko-restore-rows.$$; then
  rm -f /tmp/siko-restore-rows.$$
  echo "restore.sh: row counts differ from the backup" >&2
  exit 1
fi
rm -f /tmp/siko-restore-rows.$$
(cd "$MEDIA_ROOT" && sha256sum --check --quiet "$source_dir/manifest/files.sha256")
echo "Restore complete and verified: $(wc -l < "$source_dir/manifest/rows.tsv") tables, $(wc -l < "$source_dir/manifest/files.sha256") files"
