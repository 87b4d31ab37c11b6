"""Backup and restore: the demo installation is backed up and restored into a fresh database and
media directory; row counts of all tables and file checksums match."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests import db_template

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

BASE = Path(settings.BASE_DIR)


def _server_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"


def _psql(url: str, sql: str) -> str:
    return subprocess.run(
        ["psql", url, "--no-psqlrc", "-At", "-c", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def databases(django_db_setup):
    """Two databases of this test (own names), dropped afterwards: the source a copy of the run's
    migrated template database (tests/db_template.py; the test's `migrate` then has nothing to apply),
    the target empty."""
    from django.db import connection

    server = _server_url()
    suffix = os.environ.get("PYTEST_XDIST_WORKER", "main")
    names = [f"siko_quality_backup_src_{suffix}", f"siko_quality_backup_dst_{suffix}"]
    template = db_template.template_name(connection.settings_dict["NAME"])
    if not db_template.copy_of_template(
        names[0], template, run_id=os.environ[db_template.RUN_ID_ENV], create_template=False
    ):
        _psql(f"{server}/postgres", f'DROP DATABASE IF EXISTS "{names[0]}" WITH (FORCE)')
        _psql(f"{server}/postgres", f'CREATE DATABASE "{names[0]}"')
    _psql(f"{server}/postgres", f'DROP DATABASE IF EXISTS "{names[1]}" WITH (FORCE)')
    _psql(f"{server}/postgres", f'CREATE DATABASE "{names[1]}"')
    yield [f"{server}/{name}" for name in names]
    for name in names:
        _psql(f"{server}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(*args, database_url: str, media_root: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "siko_portal.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "SIKO_VAR_DIR": str(media_root.parent / "var"),
    }
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE, env=env, check=True, capture_output=True)


def _checksums(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _row_counts(url: str) -> dict[str, int]:
    out = subprocess.run(
        [str(BASE / "scripts" / "row_counts.sh"), url], check=True, capture_output=True, text=True
    ).stdout
    return {table: int(count) for table, count in (line.split("\t") for line in out.splitlines() if line)}


def test_backup_of_the_demo_restores_into_an_empty_installation(databases, tmp_path):
    source_url, target_url = databases
    source_media, target_media = tmp_path / "media-src", tmp_path / "media-dst"
    source_media.mkdir()
    _manage("migrate", "--noinput", database_url=source_url, media_root=source_media)
    _manage("seed_demo", database_url=source_url, media_root=source_media)
    # Uploaded files as the apps store them (nested folders, umlauts, binary content).
    (source_media / "lagebilder" / "2026").mkdir(parents=True, exist_ok=True)
    (source_media / "lagebilder" / "2026" / "Lagebild_Clankriminalität_Q3.pdf").write_bytes(
        b"%PDF-1.7\n" + os.urandom(4096)
    )
    (source_media / "dateien").mkdir(exist_ok=True)
    (source_media / "dateien" / "Vorlage Erhebung.xlsx").write_bytes(os.urandom(2048))

    backup_dir = tmp_path / "backup"
    env = {**os.environ, "DATABASE_URL": source_url, "MEDIA_ROOT": str(source_media)}
    subprocess.run(
        [str(BASE / "scripts" / "backup.sh"), str(backup_dir)], env=env, check=True, capture_output=True
    )
    assert (backup_dir / "db.dump").stat().st_size > 0
    assert (backup_dir / "manifest" / "rows.tsv").read_text().count("\n") > 50

    env = {**os.environ, "DATABASE_URL": target_url, "MEDIA_ROOT": str(target_media)}
    result = subprocess.run(
        [str(BASE / "scripts" / "restore.sh"), str(backup_dir)], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr

    source_rows, target_rows = _row_counts(source_url), _row_counts(target_url)
    assert source_rows == target_rows
    assert source_rows["accounts_user"] >= 10 and source_rows["behoerden_gemeinde"] == 53
    assert _checksums(source_media) == _checksums(target_media)
    assert len(_checksums(target_media)) >= 2

    # A second restore into the now non-empty database is refused and changes nothing.
    again = subprocess.run(
        [str(BASE / "scripts" / "restore.sh"), str(backup_dir)], env=env, capture_output=True, text=True
    )
    assert again.returncode == 2
    assert "nicht leer" in again.stderr or "not empty" in again.stderr
    assert _row_counts(target_url) == target_rows
