"""Permission-checked downloads: the caller has already checked access; this builds the response.

Headers: `Content-Disposition: attachment` (RFC 5987/6266 `filename*`), `X-Content-Type-Options:
nosniff`, `Cache-Control: no-store, private`. With `settings.DOWNLOAD_BACKEND == "x-accel"` the
response is empty and nginx serves the file from its `internal` location (`X_ACCEL_PREFIX`).
"""

import io
import logging
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from .models import Datei
from .services import sanitize_filename

logger = logging.getLogger(__name__)

# Served files must never run anything, even if a browser ignores the attachment disposition.
DOWNLOAD_CSP = "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'; sandbox"


def _secure_headers(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


def download_response(
    datei: Datei, *, filename: str | None = None, content: bytes | None = None
) -> HttpResponse:
    """Return the attachment response for `datei` (or for derived `content`, e.g. a stamped PDF)."""
    filename = sanitize_filename(filename or datei.originalname)
    if content is not None:
        response = FileResponse(io.BytesIO(content), content_type=datei.content_type)
        response["Content-Length"] = str(len(content))
    elif getattr(settings, "DOWNLOAD_BACKEND", "django") == "x-accel":
        response = HttpResponse(content_type=datei.content_type)
        response["X-Accel-Redirect"] = settings.X_ACCEL_PREFIX + quote(datei.datei.name)
    else:
        try:
            handle = datei.datei.open("rb")
        except FileNotFoundError:
            # The row exists but the stored file is gone (restore without files, manual deletion): tell
            # the operators, and the person a plain "not found" instead of a server error.
            logger.error("Gespeicherte Datei fehlt: Datei %s (%s)", datei.pk, datei.datei.name)
            raise Http404("Die Datei ist nicht mehr vorhanden.") from None
        response = FileResponse(handle, content_type=datei.content_type)
    return _secure_headers(response, filename)
