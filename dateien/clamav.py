"""Virus scan hook: stream a file to clamd over its Unix socket (INSTREAM protocol).

Active only when `settings.CLAMD_SOCKET` is set (environment variable CLAMD_SOCKET). When the scanner
is configured but unreachable, the upload is refused (fail closed).
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


def clamd_instream(socket_path: str, data: bytes, *, timeout: float = TIMEOUT_SECONDS) -> str:
    """Send `data` to clamd with INSTREAM and return its answer, e.g. 'stream: OK'."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(socket_path)
            conn.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as exc:
        raise ScanUnavailable(str(exc)) from exc
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def scan_bytes(data: bytes) -> None:
    """Raise ValidationError if clamd (when configured) reports a finding or cannot scan."""
    socket_path = getattr(settings, "CLAMD_SOCKET", None)
    if not socket_path:
        return
    try:
        answer = clamd_instream(socket_path, data)
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
