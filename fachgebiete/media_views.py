"""Permission-checked delivery of CMS documents (always as attachment) and images."""

from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images.views.serve import ServeView

from audit.models import Aktion
from audit.services import audit_log
from portal.access import get_visible_or_404


def _private(response):
    patch_cache_control(response, no_store=True, private=True)
    response["X-Content-Type-Options"] = "nosniff"
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
    response["Content-Security-Policy"] = "default-src 'none'"
    return _private(response)


_image_view = ServeView.as_view()


@require_GET
def serve_image(request, signature, image_id, filter_spec):
    """Deliver an image rendition (signed URL) to a logged-in, second-factor-verified member."""
    return _private(_image_view(request, signature=signature, image_id=image_id, filter_spec=filter_spec))
