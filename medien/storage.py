"""Storage for Wagtail image renditions: the files stay private, their URLs go to the protected view.

Wagtail builds every image URL the portal emits — `{% image %}`, `{% picture %}`, `{% srcset_image %}`,
image embeds in rich text, `ImageBlock`, the admin's previews and choosers — from `rendition.url`, i.e.
`storage.url(name)` of the rendition storage (`WAGTAILIMAGES_RENDITION_STORAGE`). This storage is the
default storage (same backend and options, same place) with one change: `url()` answers with a signed path
under `/medien/bilder/datei/`, which `medien.views.serve_rendition_file` delivers after the access middleware
has checked login and second factor. Nothing ever links to `MEDIA_URL`.
"""

import sys

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

RENDITION_FOLDER = "images/"
_SALT = "siko.medien.bilddatei"


def rendition_file_signature(name: str) -> str:
    """Return the URL signature of a rendition file name (HMAC with the SECRET_KEY)."""
    return signing.Signer(salt=_SALT).signature(name)


def rendition_file_signature_valid(name: str, signature: str) -> bool:
    """True when `signature` was made by this installation for `name` (fallback keys accepted)."""
    try:
        return signing.Signer(salt=_SALT).unsign(f"{name}:{signature}") == name
    except signing.BadSignature:
        return False


def rendition_file_url(name: str) -> str:
    return reverse("medien_bilddatei", kwargs={"signature": rendition_file_signature(name), "name": name})


class ProtectedUrlMixin:
    """Point `url()` at the permission-checked view instead of the (never served) MEDIA_URL."""

    def url(self, name):
        return rendition_file_url(name)


class ProtectedFileSystemStorage(ProtectedUrlMixin, FileSystemStorage):
    """Local files under MEDIA_ROOT."""


def __getattr__(name):
    # The S3 variant is built on first use so that boto3 is imported only where S3 is configured.
    if name == "ProtectedS3Storage":
        from storages.backends.s3 import S3Storage

        cls = type(name, (ProtectedUrlMixin, S3Storage), {"__module__": __name__})
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


PROTECTED_BACKENDS = {
    "django.core.files.storage.FileSystemStorage": "ProtectedFileSystemStorage",
    "storages.backends.s3.S3Storage": "ProtectedS3Storage",
}


def rendition_storage():
    """Return the rendition storage: the configured default storage with protected URLs."""
    config = settings.STORAGES["default"]
    try:
        class_name = PROTECTED_BACKENDS[config["BACKEND"]]
    except KeyError:
        raise ImproperlyConfigured(
            f"No protected rendition storage for {config['BACKEND']}; add it to PROTECTED_BACKENDS."
        ) from None
    return getattr(sys.modules[__name__], class_name)(**config.get("OPTIONS", {}))
