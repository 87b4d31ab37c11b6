"""Virus scan against the real clamd (scripts/start_clamd.sh, signatures in deploy/clamav/).

EICAR is hidden in every allowed type, each of which passes the content checks: only the scanner can
refuse them. In CI a missing clamd fails these tests (tests/dateien/scanner.py)."""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from dateien.clamav import clamd_ping
from dateien.validation import validate_bytes

from .files import EICAR, GOOD_FILES, eicar_files
from .scanner import IN_CI, ROOT

EICAR_FILES = eicar_files()


def test_ci_scans_against_the_real_clamd(virenscanner):
    assert clamd_ping(virenscanner.socket_path)
    if IN_CI:
        assert virenscanner.real, "CI muss gegen den echten clamd prüfen"


@pytest.mark.parametrize("name", sorted(EICAR_FILES))
def test_eicar_in_every_allowed_type_is_refused_by_the_scanner(virenscanner, name):
    _key, content = EICAR_FILES[name]
    with pytest.raises(ValidationError) as info:
        validate_bytes(content, name=name)
    assert info.value.code == "virus"
    assert "Schadsoftware gefunden" in info.value.messages[0]
    assert "Eicar-Test-Signature" in info.value.messages[0]


@pytest.mark.parametrize("name", sorted(EICAR_FILES))
def test_eicar_files_pass_every_check_but_the_scan(settings, name):
    """Without the scanner each EICAR file is a valid file of its type: the refusal above is the scan's."""
    settings.ANTIVIRUS = "aus"
    key, content = EICAR_FILES[name]
    assert validate_bytes(content, name=name).key == key


@pytest.mark.parametrize("name", sorted(GOOD_FILES))
def test_clean_files_pass_the_real_scanner(virenscanner, name):
    key, build = GOOD_FILES[name]
    assert validate_bytes(build(), name=name).key == key


def test_shipped_signature_database_holds_the_eicar_hash():
    database = Path(ROOT, "deploy", "clamav")
    line = f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:Eicar-Test-Signature"  # noqa: S324 - ClamAV's format
    assert line in (database / "siko-test.hdb").read_text().splitlines()
    assert EICAR.hex() in (database / "siko-test.ndb").read_text()
