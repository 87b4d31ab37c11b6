"""Wagtail's document and image forms with the portal's upload check on the file.

Configured through `WAGTAILDOCS_DOCUMENT_FORM_BASE` and `WAGTAILIMAGES_IMAGE_FORM_BASE`, so every
Wagtail view that builds these forms uses them: add, multiple add, chooser upload and replacing the
file on the edit page. Refusals carry the same German messages and are audited like portal uploads.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .services import datei_ablehnung_protokollieren, sanitize_filename
from .validation import DOCUMENT_TYPES, IMAGE_TYPES, read_upload, validate_bytes


def cms_upload_check(upload: UploadedFile, *, allowed: frozenset[str], by, zweck: str) -> None:
    """Run the portal's upload check on a CMS upload; audit and re-raise a refusal."""
    data = read_upload(upload)
    name = sanitize_filename(upload.name)
    try:
        validate_bytes(data, name=name, allowed=allowed)
    except ValidationError as error:
        datei_ablehnung_protokollieren(by=by, name=name, groesse=len(data), error=error, zweck=zweck)
        raise


class PortalDocumentForm(BaseDocumentForm):
    """Wagtail document form: documents only (PDF, Office, OpenDocument, CSV, text)."""

    def __init__(self, *args, **kwargs):
        self.uploaded_by = kwargs.get("user")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # otherwise the edit form keeps the stored, checked file
            cms_upload_check(upload, allowed=DOCUMENT_TYPES, by=self.uploaded_by, zweck="cms.dokument")
        return upload


class PortalImageField(WagtailImageField):
    """Check the upload before Wagtail opens it: Wagtail's own size check fails with a server error
    on a truncated image, the portal's check answers with a form error."""

    uploaded_by = None

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            cms_upload_check(data, allowed=IMAGE_TYPES, by=self.uploaded_by, zweck="cms.bild")
        return super().to_python(data)


class PortalImageForm(BaseImageForm):
    """Wagtail image form: PNG and JPEG only, decoded in full so that a broken image is refused."""

    def __init__(self, *args, **kwargs):
        user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            wagtail_field = self.fields["file"]
            field = PortalImageField(
                label=wagtail_field.label, required=wagtail_field.required, widget=wagtail_field.widget
            )
            field.uploaded_by = user
            self.fields["file"] = field
