"""Store validated uploads. Refusals are audited (Aktion.DATEI_ABGELEHNT)."""

import hashlib
import re
import unicodedata
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from audit.models import Aktion
from audit.services import audit_log

from .models import Datei
from .validation import DEFAULT_TYPES, read_upload, validate_bytes

UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')
MAX_NAME_LENGTH = 150


def sanitize_filename(name: str) -> str:
    """Return a display-safe file name: no path, no control or shell characters, bounded length."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = PurePath(name.replace("\\", "/")).name
    name = UNSAFE_NAME_CHARS.sub("_", name).strip(" .")
    if not name:
        return "datei"
    if len(name) > MAX_NAME_LENGTH:
        suffix = PurePath(name).suffix[:10]
        name = name[: MAX_NAME_LENGTH - len(suffix)] + suffix
    return name


def datei_speichern(*, upload, by, allowed=DEFAULT_TYPES, zweck: str = "") -> Datei:
    """Validate `upload` by content and store it under a generated name; audit and re-raise refusals."""
    data = read_upload(upload)
    name = sanitize_filename(getattr(upload, "name", ""))
    try:
        detected = validate_bytes(data, name=name, allowed=allowed)
    except ValidationError as exc:
        datei_ablehnung_protokollieren(by=by, name=name, groesse=len(data), error=exc, zweck=zweck)
        raise
    datei = Datei(
        originalname=name,
        groesse=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content_type=detected.content_type,
        typ=detected.key,
        hochgeladen_von=by,
    )
    datei.datei.save(name, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            datei.save()
    except Exception:
        datei.datei.storage.delete(datei.datei.name)
        raise
    return datei


def datei_ablehnung_protokollieren(
    *, by, name: str, groesse: int, error: ValidationError, zweck: str = ""
) -> None:
    """Write the audit entry for a refused upload."""
    codes = sorted({e.code or "" for e in error.error_list}) if hasattr(error, "error_list") else []
    audit_log(
        aktion=Aktion.DATEI_ABGELEHNT,
        actor=by,
        objekt_typ="dateien.datei",
        objekt_repr=name[:300],
        dateiname=name,
        groesse=groesse,
        grund=", ".join(codes),
        meldung=" ".join(str(m) for m in error.messages)[:500],
        zweck=zweck or None,
    )
