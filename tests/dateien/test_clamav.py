"""The clamd INSTREAM hook, tested against a fake clamd listening on a Unix socket.

The real clamd is used by test_virus_scan.py and the upload corpus (tests/dateien/scanner.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dateien.validation import validate_upload

from .scanner import EICAR_MARKER, FakeClamd


@pytest.fixture
def fake_clamd(settings):
    server = FakeClamd.start()
    settings.CLAMD_SOCKET = server.path
    yield server
    server.close()


def test_clean_file_passes_and_is_streamed_in_full(fake_clamd):
    content = b"Zeile\n" * 30000  # > one 64 KiB chunk
    assert validate_upload(SimpleUploadedFile("gross.txt", content)).key == "txt"
    assert fake_clamd.received == [content]


def test_infected_file_is_refused(fake_clamd):
    content = b"Bericht X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + EICAR_MARKER + b"!$H+H*\n"
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile("bericht.txt", content))
    assert info.value.code == "virus"
    assert "Eicar-Test-Signature" in info.value.messages[0]


def test_unreachable_scanner_refuses_upload(settings):
    settings.CLAMD_SOCKET = "/nonexistent/clamd.sock"
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile("notiz.txt", b"Hallo\n"))
    assert info.value.code == "virenscan_nicht_erreichbar"


def test_no_scan_when_not_configured(settings):
    settings.CLAMD_SOCKET = None
    assert validate_upload(SimpleUploadedFile("notiz.txt", b"Hallo\n")).key == "txt"


def test_scanner_over_tcp(settings):
    """CLAMD_HOST/CLAMD_PORT: the clamd container of docker-compose.yml is reached over TCP."""
    server = FakeClamd()
    settings.CLAMD_SOCKET = None
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", server.port
    try:
        assert validate_upload(SimpleUploadedFile("notiz.txt", b"Hallo\n")).key == "txt"
        with pytest.raises(ValidationError) as info:
            validate_upload(SimpleUploadedFile("notiz.txt", b"X " + EICAR_MARKER))
        assert info.value.code == "virus"
        assert server.received == [b"Hallo\n", b"X " + EICAR_MARKER]
    finally:
        server.close()


def test_antivirus_aus_switches_scanning_off_even_with_a_socket(settings, fake_clamd):
    settings.ANTIVIRUS = "aus"
    assert validate_upload(SimpleUploadedFile("notiz.txt", b"X " + EICAR_MARKER)).key == "txt"
    assert fake_clamd.received == []


@pytest.mark.parametrize(
    ("antivirus", "socket_path", "host", "warns"),
    [
        ("aus", None, None, True),
        ("aus", "/run/clamav/clamd.ctl", None, True),
        ("an", None, None, True),
        ("an", "/run/clamav/clamd.ctl", None, False),
        ("an", None, "clamd", False),
    ],
)
def test_deploy_check_warns_without_scanner(settings, antivirus, socket_path, host, warns):
    from django.core.checks import run_checks

    settings.ANTIVIRUS, settings.CLAMD_SOCKET, settings.CLAMD_HOST = antivirus, socket_path, host
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert ("dateien.W001" in ids) is warns
