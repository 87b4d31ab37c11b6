"""Virus scan hook: stream a file to clamd (INSTREAM protocol) over its Unix socket or TCP.

The scanner is `settings.CLAMD_SOCKET` (Unix socket) or `settings.CLAMD_HOST`/`CLAMD_PORT` (TCP, e.g. the
clamd container of docker-compose.yml). Production refuses to start without one unless `ANTIVIRUS=aus`
is set explicitly (siko_portal/settings/production.py), and `check --deploy` then warns (dateien.checks).
When the scanner is configured but unreachable, the upload is refused (fail closed).
"""

import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CHUNK = 64 * 1024
TIMEOUT_SECONDS = 60


class ScanUnavailable(Exception):
    """clamd could not be asked."""


def scanner_address() -> str | tuple[str, int] | None:
    """Return where clamd listens (socket path or (host, port)), or None when scanning is off."""
    if str(getattr(settings, "ANTIVIRUS", "an")).strip().lower() == "aus":
        return None
    socket_path = getattr(settings, "CLAMD_SOCKET", None)
    if socket_path:
        return socket_path
    host = getattr(settings, "CLAMD_HOST", None)
    if host:
        return (host, int(getattr(settings, "CLAMD_PORT", 3310)))
    return None


def _connect(address, timeout: float) -> socket.socket:
    if isinstance(address, tuple):
        return socket.create_connection(address, timeout=timeout)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(timeout)
    try:
        conn.connect(address)
    except OSError:
        conn.close()
        raise
    return conn


def _read_reply(conn: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0"):
        part = conn.recv(4096)
        if not part:
            break
        reply += part
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def clamd_instream(address, data: bytes, *, timeout: float = TIMEOUT_SECONDS) -> str:
    """Send `data` to clamd at `address` with INSTREAM and return its answer, e.g. 'stream: OK'."""
    try:
        with _connect(address, timeout) as conn:
            conn.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            return _read_reply(conn)
    except OSError as exc:
        raise ScanUnavailable(str(exc)) from exc


def clamd_ping(address, *, timeout: float = 5) -> bool:
    """Return True if clamd at `address` answers PING with PONG."""
    try:
        with _connect(address, timeout) as conn:
            conn.sendall(b"zPING\0")
            return _read_reply(conn) == "PONG"
    except OSError:
        return False


def health_probe() -> bool | None:
    """The health check's probe (registered in DateienConfig.ready): None while scanning is off, else
    whether clamd answers."""
    address = scanner_address()
    return None if address is None else clamd_ping(address, timeout=2)


def scan_bytes(data: bytes) -> None:
    """Raise ValidationError if clamd (when configured) reports a finding or cannot scan."""
    address = scanner_address()
    if address is None:
        return
    try:
        answer = clamd_instream(address, data)
    except ScanUnavailable:
        raise ValidationError(
            _("Die Virenprüfung ist derzeit nicht erreichbar. Bitte versuchen Sie es später erneut."),
            code="virenscan_nicht_erreichbar",
        ) from None
    if answer.endswith("FOUND"):
        signature = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        raise ValidationError(
            _("Die Virenprüfung hat Schadsoftware gefunden (%(befund)s). Die Datei wurde nicht gespeichert.")
            % {"befund": signature[:100]},
            code="virus",
        )
    if not answer.endswith("OK"):
        raise ValidationError(
            _("Die Virenprüfung konnte die Datei nicht prüfen. Bitte versuchen Sie es später erneut."),
            code="virenscan_fehler",
        )
