"""Permission-checked delivery of CMS documents (always as attachment) and images."""

import posixpath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.views.serve import ServeView

from audit.models import Aktion
from audit.services import audit_log
from dateien.downloads import DOWNLOAD_CSP
from portal.access import get_visible_or_404

from .storage import RENDITION_FOLDER, rendition_file_signature_valid

# Rendition formats Wagtail can write (WAGTAILIMAGES_FORMAT_CONVERSIONS, format-* filters).
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


def _private(response):
    # Replaces whatever the wrapped view set (Wagtail's ServeView says "public, max-age=3600").
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


@require_GET
def serve_document(request, document_id, document_filename):
    """Download a CMS document as an attachment; collection privacy settings apply; audited."""
    Document = get_document_model()
    doc = get_visible_or_404(request, Document.objects.all(), pk=document_id)
    if doc.filename != document_filename:
        raise Http404("Nicht gefunden")
    # Wagtail's own hooks enforce collection view restrictions (e.g. only some groups).
    for fn in hooks.get_hooks("before_serve_document"):
        result = fn(doc, request)
        if isinstance(result, HttpResponse):
            return result
    audit_log(
        aktion=Aktion.DATEI_HERUNTERGELADEN,
        request=request,
        objekt=doc,
        datei=doc.filename[:200],
    )
    response = FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.filename)
    return _private(response)


_image_view = ServeView.as_view()


@require_GET
def serve_image(request, signature, image_id, filter_spec):
    """Deliver an image rendition (signed URL) to a logged-in, second-factor-verified member."""
    try:
        response = _image_view(request, signature=signature, image_id=image_id, filter_spec=filter_spec)
    except PermissionDenied:
        raise Http404("Nicht gefunden") from None  # a wrong signature reveals nothing either
    return _private(response)


@require_GET
def serve_rendition_file(request, signature, name):
    """Deliver a stored image rendition whose URL the portal signed (see medien.storage)."""
    content_type = IMAGE_TYPES.get(posixpath.splitext(name)[1].lower())
    if (
        content_type is None
        or not name.startswith(RENDITION_FOLDER)
        or posixpath.normpath(name) != name
        or not rendition_file_signature_valid(name, signature)
    ):
        raise Http404("Nicht gefunden")
    storage = get_image_model().get_rendition_model()._meta.get_field("file").storage
    if not storage.exists(name):
        raise Http404("Nicht gefunden")
    if getattr(settings, "DOWNLOAD_BACKEND", "django") == "x-accel" and isinstance(
        storage, FileSystemStorage
    ):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.X_ACCEL_PREFIX + quote(name)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    return _private(response)
