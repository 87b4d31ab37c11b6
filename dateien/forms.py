"""Form field for uploads that the views pass on to `dateien.services.datei_speichern`."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .validation import max_upload_bytes


class UploadField(forms.FileField):
    """A file input; content checks happen in `datei_speichern` so that refusals are audited."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Datei"))
        kwargs.setdefault(
            "help_text",
            _("PDF, DOCX, XLSX, PPTX, ODT, ODS, CSV, TXT, PNG oder JPEG, höchstens %(max)s.")
            % {"max": filesizeformat(max_upload_bytes())},
        )
        kwargs.setdefault(
            "error_messages",
            {"required": _("Bitte wählen Sie eine Datei aus."), "empty": _("Die Datei ist leer.")},
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.csv,.txt,.png,.jpg,.jpeg")
