"""The virus scanner the tests scan against: the real clamd whenever possible.

Order: CLAMD_SOCKET from the environment (CI: `.ci/run` starts clamd with scripts/start_clamd.sh), else a
clamd started here with the same script if clamd is installed. Without clamd, CI (CI=true) fails the test;
only on a laptop without clamd do the tests fall back to `FakeClamd`, a stand-in that flags the EICAR
marker and says so in its name (docs/security.md, "Virenscan").
"""

import io
import os
import socket
import struct
import subprocess
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

from dateien.clamav import clamd_ping

ROOT = Path(__file__).resolve().parents[2]
START_SCRIPT = ROOT / "scripts" / "start_clamd.sh"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_MARKER = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


@dataclass(frozen=True)
class Scanner:
    socket_path: str
    real: bool  # False only for FakeClamd on a machine without clamd (never in CI)


class FakeClamd:
    """NOT clamd: speaks enough of the INSTREAM protocol to flag the EICAR marker (local fallback only)."""

    def __init__(self, path: str | None = None):
        """Listen on the Unix socket `path`, or on a free TCP port of 127.0.0.1 (self.port) without one."""
        self.path = path
        self.received: list[bytes] = []
        family = socket.AF_UNIX if path else socket.AF_INET
        self.server = socket.socket(family, socket.SOCK_STREAM)
        self.server.bind(path or ("127.0.0.1", 0))
        self.port = None if path else self.server.getsockname()[1]
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
                if command != b"zINSTREAM\0":
                    conn.sendall(b"PONG\0" if command.startswith(b"zPING") else b"UNKNOWN COMMAND\0")
                    continue
                payload = b""
                while True:
                    (length,) = struct.unpack("!L", self._recv_exact(conn, 4))
                    if length == 0:
                        break
                    payload += self._recv_exact(conn, length)
                self.received.append(payload)
                answer = b"stream: Eicar-Test-Signature FOUND\0" if _has_marker(payload) else b"stream: OK\0"
                conn.sendall(answer)

    def close(self):
        self.server.close()

    @classmethod
    def start(cls) -> "FakeClamd":
        return cls(str(Path(tempfile.mkdtemp(prefix="fake-clamd-")) / "clamd.sock"))


def _has_marker(payload: bytes) -> bool:
    """The marker in the bytes or in a member of a ZIP container (DOCX, XLSX, ODT), as clamd unpacks them."""
    if EICAR_MARKER in payload:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            return any(EICAR_MARKER in archive.read(info) for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def real_clamd_socket() -> str | None:
    """Return the socket of a real clamd (from CLAMD_SOCKET or started by the project script), or None."""
    configured = os.environ.get("CLAMD_SOCKET")
    if configured:
        if not clamd_ping(configured):
            raise RuntimeError(f"CLAMD_SOCKET={configured} ist gesetzt, aber clamd antwortet dort nicht.")
        return configured
    result = subprocess.run([str(START_SCRIPT)], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        return None  # clamd not installed (or not startable) on this machine
    path = result.stdout.strip()
    return path if clamd_ping(path) else None
