"""The clamd INSTREAM hook, tested against a fake clamd listening on a Unix socket."""

import socket
import struct
import tempfile
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dateien.validation import validate_upload

EICAR_MARKER = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


class FakeClamd:
    """Speak enough of clamd's INSTREAM protocol: read chunks until the zero length, answer."""

    def __init__(self, path: str):
        self.path = path
        self.received: list[bytes] = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(5)
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def _recv_exact(self, conn, n):
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data

    def serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                command = self._recv_exact(conn, len(b"zINSTREAM\0"))
                assert command == b"zINSTREAM\0"
                payload = b""
                while True:
                    (length,) = struct.unpack("!L", self._recv_exact(conn, 4))
                    if length == 0:
                        break
                    payload += self._recv_exact(conn, length)
                self.received.append(payload)
                answer = (
                    b"stream: Eicar-Test-Signature FOUND\0" if EICAR_MARKER in payload else b"stream: OK\0"
                )
                conn.sendall(answer)

    def close(self):
        self.server.close()


@pytest.fixture
def fake_clamd(settings):
    directory = tempfile.mkdtemp(prefix="clamd-")
    path = str(Path(directory) / "clamd.sock")
    server = FakeClamd(path)
    settings.CLAMD_SOCKET = path
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
