"""Production settings: `check --deploy` is clean with a realistic environment; secrets have no defaults."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env(**overrides):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MFA_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "DATABASE_URL": "postgres://siko:geheim@db.internal:5432/siko",
        "REDIS_URL": "redis://redis.internal:6379/0",
        "ALLOWED_HOSTS": "portal.siko-ruhr.nrw.de",
        "CSRF_TRUSTED_ORIGINS": "https://portal.siko-ruhr.nrw.de",
        "PORTAL_BASE_URL": "https://portal.siko-ruhr.nrw.de",
        "CLAMD_HOST": "clamd",
        "CLAMD_SOCKET": None,
        "ANTIVIRUS": None,
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args, "--settings=siko_portal.settings.production"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "MFA_ENCRYPTION_KEY"])
def test_production_refuses_to_start_without_secret(missing):
    result = _manage("check", env=_env(**{missing: None}))
    assert result.returncode != 0
    assert f"Die Umgebungsvariable {missing} muss gesetzt sein." in result.stderr


@pytest.mark.parametrize("scanner", [{"CLAMD_HOST": None}, {"CLAMD_HOST": None, "ANTIVIRUS": "an"}])
def test_production_refuses_to_start_without_virus_scanner(scanner):
    result = _manage("check", env=_env(**scanner))
    assert result.returncode != 0
    assert "Kein Virenscanner konfiguriert" in result.stderr


def test_production_with_scanner_socket_starts():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=_env(CLAMD_HOST=None, CLAMD_SOCKET="/run/clamav/clamd.ctl"),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_antivirus_off_starts_but_check_deploy_warns():
    result = _manage("check", "--deploy", env=_env(CLAMD_HOST=None, ANTIVIRUS="aus"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "dateien.W001" in result.stderr + result.stdout
    assert "nicht auf Viren geprüft" in result.stderr + result.stdout


def test_antivirus_with_unknown_value_refuses_to_start():
    result = _manage("check", env=_env(ANTIVIRUS="vielleicht"))
    assert result.returncode != 0
    assert "ANTIVIRUS muss" in result.stderr
