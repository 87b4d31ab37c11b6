import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dateien.validation import validate_upload

from .files import GOOD_FILES, corpus_bad_files

BAD = corpus_bad_files()


@pytest.mark.parametrize("name", sorted(GOOD_FILES))
def test_good_file_of_each_allowed_type_is_accepted(name):
    key, build = GOOD_FILES[name]
    detected = validate_upload(SimpleUploadedFile(name, build()))
    assert detected.key == key


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_is_refused_with_german_reason(name):
    code, content = BAD[name]
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile(name, content))
    assert info.value.code == code
    assert info.value.messages[0].strip()


def test_pdf_that_is_only_a_bare_object_stream_is_refused_as_unreadable():
    hidden = zlib.compress(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    content = (
        b"%PDF-1.5\n4 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n"
        + hidden
        + b"\nendstream\nendobj\n%%EOF"
    )
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile("versteckt.pdf", content))
    assert info.value.code == "pdf_defekt"


def test_oversize_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile("gross.txt", b"a" * 1001))
    assert info.value.code == "zu_gross"
    assert "1000" in info.value.messages[0] or "Bytes" in info.value.messages[0]


def test_allowed_subset_refuses_other_types():
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile("foto.png", GOOD_FILES["foto.png"][1]()), allowed={"pdf"})
    assert info.value.code == "typ_nicht_erlaubt"


def test_text_with_csv_extension_is_csv_and_with_txt_is_text():
    data = b"a;b\n1;2\n"
    assert validate_upload(SimpleUploadedFile("x.csv", data)).key == "csv"
    assert validate_upload(SimpleUploadedFile("x.txt", data)).key == "txt"
