"""Every Wagtail document and image upload goes through the portal's upload check (dateien.validation).

Exercised through the real admin views: add, multiple add, chooser upload and replacing the file.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from audit.models import Aktion, AuditEntry
from tests.conftest import SharedTestData

from .files import corpus_bad_files, docx_with_vba_bytes, image_bytes, pdf_bytes
from .pdf_corpus import ACTIVE_OBJECTS, pdf_with_object_stream

pytestmark = pytest.mark.django_db

GOOD_DOCUMENT = ("bericht.pdf", pdf_bytes)
GOOD_IMAGE = ("foto.png", lambda: image_bytes("PNG"))

BAD_DOCUMENTS = {
    "html": ("seite.pdf", lambda: b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    "programm": ("programm.pdf", lambda: b"MZ\x90\x00\x03" + b"\x00" * 200),
    "pdf_aktiv": (
        "openaction.pdf",
        lambda: pdf_with_object_stream(ACTIVE_OBJECTS["JS"], filter_name="ASCIIHex"),
    ),
    "makros": ("tabelle.docx", docx_with_vba_bytes),
    "typ_nicht_erlaubt": ("foto.pdf", lambda: image_bytes("PNG")),
}


def truncated_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 80).convert("RGB").save(buffer, format="PNG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


BAD_IMAGES = {
    "bild_defekt": ("kaputt.png", truncated_png),
    "typ_nicht_erlaubt": ("bericht.png", pdf_bytes),
    "svg": ("grafik.png", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
}

MESSAGES = {
    "html": "HTML-Dateien",
    "programm": "Programme und Skripte",
    "pdf_aktiv": "PDF-Dateien mit eingebettetem JavaScript",
    "makros": "Office-Dateien mit Makros",
    "endung_passt_nicht": "passt nicht zur Dateiendung",
    "bild_defekt": "beschädigt oder kein gültiges Bild",
    "typ_nicht_erlaubt": "hier nicht erlaubt",
    "svg": "SVG-Grafiken",
}


def build_cms_editor():
    """The editorial rights and workflow on the home page, and a Geschäftsstelle person with a second
    factor (no files: the tests upload their own)."""
    from accounts.authenticators import authenticator_totp_set, new_totp_secret
    from demo.pages import ensure_home_page
    from redaktion.services import editorial_setup
    from tests.factories import make_user

    editorial_setup(home=ensure_home_page())
    user = make_user("geschaeftsstelle")
    authenticator_totp_set(user=user, secret=new_totp_secret())
    return user


CMS_UPLOAD_EDITOR = SharedTestData("_cms_upload_editor_session", build_cms_editor)
_cms_upload_editor_session = CMS_UPLOAD_EDITOR.session_fixture()


@pytest.fixture
def cms_upload_editor(_cms_upload_editor_session, db):
    """`build_cms_editor`'s person, built once per process, as a fresh instance."""
    from accounts.models import User

    return User.objects.get(pk=CMS_UPLOAD_EDITOR.current().pk)


@pytest.fixture
def editor(cms_upload_editor, login):
    """The Geschäftsstelle person and a client logged in as them (with the second factor)."""
    return cms_upload_editor, login(cms_upload_editor)


@pytest.fixture
def root_collection():
    return Collection.get_first_root_node()


def assert_refused_and_audited(user, code, before):
    entry = AuditEntry.objects.filter(aktion=Aktion.DATEI_ABGELEHNT).latest("pk")
    assert AuditEntry.objects.filter(aktion=Aktion.DATEI_ABGELEHNT).count() == before + 1
    assert entry.actor == user
    assert code in entry.details["grund"]


def audit_count():
    return AuditEntry.objects.filter(aktion=Aktion.DATEI_ABGELEHNT).count()


# --- Documents ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(BAD_DOCUMENTS))
def test_document_add_view_refuses_bad_file_with_german_message(editor, root_collection, code):
    user, client = editor
    name, build = BAD_DOCUMENTS[code]
    before = audit_count()
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Test", "collection": root_collection.pk, "file": SimpleUploadedFile(name, build())},
    )
    assert response.status_code == 200
    assert MESSAGES[code] in response.content.decode()
    assert get_document_model().objects.count() == 0
    assert_refused_and_audited(user, code, before)


def test_document_add_view_accepts_good_pdf(editor, root_collection):
    _user, client = editor
    name, build = GOOD_DOCUMENT
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Bericht", "collection": root_collection.pk, "file": SimpleUploadedFile(name, build())},
    )
    assert response.status_code == 302
    assert get_document_model().objects.get().title == "Bericht"


@pytest.mark.parametrize("code", sorted(BAD_DOCUMENTS))
def test_document_multiple_add_refuses_bad_file(editor, root_collection, code):
    user, client = editor
    name, build = BAD_DOCUMENTS[code]
    before = audit_count()
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"collection": root_collection.pk, "files[]": SimpleUploadedFile(name, build())},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is False
    assert MESSAGES[code] in data["error_message"]
    assert get_document_model().objects.count() == 0
    assert_refused_and_audited(user, code, before)


CORPUS = corpus_bad_files()


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_whole_hostile_corpus_is_refused_as_cms_document(editor, root_collection, name):
    """The portal's hostile corpus (renamed HTML/SVG, executables, archives, macros, PDF actions)."""
    _code, content = CORPUS[name]
    client = editor[1]
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"collection": root_collection.pk, "files[]": SimpleUploadedFile(name, content)},
    )
    data = response.json()
    assert data["success"] is False
    assert data["error_message"].strip()
    assert get_document_model().objects.count() == 0


def test_document_multiple_add_with_an_invalid_collection_still_checks_the_file(editor):
    """A failing other field parks the upload as an UploadedFile: that path must not skip the check."""
    from wagtail.models import UploadedFile

    _user, client = editor
    name, build = BAD_DOCUMENTS["programm"]
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"collection": 999999, "files[]": SimpleUploadedFile(name, build())},
    )
    assert response.json()["success"] is False
    assert UploadedFile.objects.count() == 0
    assert get_document_model().objects.count() == 0


def test_document_multiple_add_accepts_good_pdf(editor, root_collection):
    _user, client = editor
    name, build = GOOD_DOCUMENT
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"collection": root_collection.pk, "files[]": SimpleUploadedFile(name, build())},
    )
    assert response.json()["success"] is True
    assert get_document_model().objects.count() == 1


def test_document_chooser_upload_refuses_bad_file(editor, root_collection):
    user, client = editor
    name, build = BAD_DOCUMENTS["pdf_aktiv"]
    before = audit_count()
    response = client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Test",
            "document-chooser-upload-collection": root_collection.pk,
            "document-chooser-upload-file": SimpleUploadedFile(name, build()),
        },
    )
    data = response.json()
    assert data["step"] == "reshow_creation_form"
    assert MESSAGES["pdf_aktiv"] in data["htmlFragment"]
    assert get_document_model().objects.count() == 0
    assert_refused_and_audited(user, "pdf_aktiv", before)


def test_document_chooser_upload_accepts_good_pdf(editor, root_collection):
    _user, client = editor
    name, build = GOOD_DOCUMENT
    response = client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Bericht",
            "document-chooser-upload-collection": root_collection.pk,
            "document-chooser-upload-file": SimpleUploadedFile(name, build()),
        },
    )
    assert response.json()["step"] == "chosen"
    assert get_document_model().objects.count() == 1


def test_document_replace_file_refuses_bad_file_and_keeps_the_old_one(editor, root_collection):
    user, client = editor
    name, build = GOOD_DOCUMENT
    document = get_document_model().objects.create(
        title="Bericht", collection=root_collection, file=SimpleUploadedFile(name, build())
    )
    stored = document.file.name
    before = audit_count()
    bad_name, bad_build = BAD_DOCUMENTS["html"]
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Bericht",
            "collection": root_collection.pk,
            "file": SimpleUploadedFile(bad_name, bad_build()),
        },
    )
    assert response.status_code == 200
    assert MESSAGES["html"] in response.content.decode()
    document.refresh_from_db()
    assert document.file.name == stored
    assert document.file.storage.exists(stored)
    assert_refused_and_audited(user, "html", before)


def test_document_edit_without_new_file_still_saves(editor, root_collection):
    _user, client = editor
    name, build = GOOD_DOCUMENT
    document = get_document_model().objects.create(
        title="Bericht", collection=root_collection, file=SimpleUploadedFile(name, build())
    )
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Bericht neu", "collection": root_collection.pk},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Bericht neu"


# --- Images ------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(BAD_IMAGES))
def test_image_add_view_refuses_bad_file_with_german_form_error(editor, root_collection, code):
    """A corrupt image answers a form error with the portal's message (it used to be HTTP 500)."""
    user, client = editor
    name, build = BAD_IMAGES[code]
    before = audit_count()
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Test", "collection": root_collection.pk, "file": SimpleUploadedFile(name, build())},
    )
    assert response.status_code == 200
    assert MESSAGES[code] in response.content.decode()
    assert get_image_model().objects.count() == 0
    assert_refused_and_audited(user, code, before)


def test_image_add_view_accepts_good_png(editor, root_collection):
    _user, client = editor
    name, build = GOOD_IMAGE
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Foto", "collection": root_collection.pk, "file": SimpleUploadedFile(name, build())},
    )
    assert response.status_code == 302
    assert get_image_model().objects.get().title == "Foto"


@pytest.mark.parametrize("code", ["bild_defekt"])
def test_image_multiple_add_refuses_bad_file(editor, root_collection, code):
    user, client = editor
    name, build = BAD_IMAGES[code]
    before = audit_count()
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"collection": root_collection.pk, "files[]": SimpleUploadedFile(name, build())},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is False
    assert MESSAGES[code] in data["error_message"]
    assert get_image_model().objects.count() == 0
    assert_refused_and_audited(user, code, before)


def test_image_multiple_add_accepts_good_jpeg(editor, root_collection):
    _user, client = editor
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"collection": root_collection.pk, "files[]": SimpleUploadedFile("foto.jpg", image_bytes("JPEG"))},
    )
    assert response.json()["success"] is True
    assert get_image_model().objects.count() == 1


def test_image_chooser_upload_refuses_corrupt_image(editor, root_collection):
    _user, client = editor
    name, build = BAD_IMAGES["bild_defekt"]
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Test",
            "image-chooser-upload-collection": root_collection.pk,
            "image-chooser-upload-file": SimpleUploadedFile(name, build()),
        },
    )
    data = response.json()
    assert data["step"] == "reshow_creation_form"
    assert MESSAGES["bild_defekt"] in data["htmlFragment"]
    assert get_image_model().objects.count() == 0


def test_image_replace_file_refuses_corrupt_image_and_keeps_the_old_one(editor, root_collection):
    from django.core.files.images import ImageFile

    _user, client = editor
    image = get_image_model().objects.create(
        title="Foto",
        collection=root_collection,
        file=ImageFile(io.BytesIO(image_bytes("PNG")), name="foto.png"),
    )
    stored = image.file.name
    name, build = BAD_IMAGES["bild_defekt"]
    response = client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "Foto", "collection": root_collection.pk, "file": SimpleUploadedFile(name, build())},
    )
    assert response.status_code == 200
    assert MESSAGES["bild_defekt"] in response.content.decode()
    image.refresh_from_db()
    assert image.file.name == stored
    assert image.file.storage.exists(stored)
