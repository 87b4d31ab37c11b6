"""Images of the CMS: every URL the portal emits goes through the protected view under /medien/bilder/."""

import re
from io import BytesIO

import pytest

from dateien.downloads import DOWNLOAD_CSP

pytestmark = pytest.mark.django_db

IMG_SRC = re.compile(r'<img[^>]*\ssrc="([^"]+)"')


@pytest.fixture
def image(db):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PILImage.new("RGB", (1200, 600), "navy").save(buffer, "PNG")
    return get_image_model().objects.create(
        title="Lagekarte", description="Karte der Kontrollorte", file=ImageFile(buffer, name="lagekarte.png")
    )


def _embed(image, alt="Karte der Kontrollorte im Essener Norden"):
    return f'<p>Vorher.</p><embed alt="{alt}" embedtype="image" format="fullwidth" id="{image.pk}"/>'


def _img_srcs(html: str) -> list[str]:
    return IMG_SRC.findall(html)


def _assert_served_as_protected_image(client, src, content_type="image/png"):
    response = client.get(src)
    assert response.status_code == 200, src
    assert response["Content-Type"] == content_type
    assert response["Content-Security-Policy"] == DOWNLOAD_CSP
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\x89PNG")
    return body


def test_rich_text_image_embed_points_at_protected_view_and_is_served_to_members_only(
    content_tree, image, mitglied, login, client, user_factory
):
    from demo.pages import upsert_page
    from startseite.models import NewsPage

    page = upsert_page(
        content_tree["news_index"],
        NewsPage,
        "mit-bild",
        title="Meldung mit Bild",
        body=[("absatz", _embed(image))],
    )
    html = login(mitglied).get(page.url).content.decode()
    srcs = _img_srcs(html)
    assert len(srcs) == 1
    src = srcs[0]
    assert src.startswith("/medien/bilder/") and "/_geschuetzt/" not in html
    assert 'alt="Karte der Kontrollorte im Essener Norden"' in html
    assert 'width="800"' in html  # the "fullwidth" format's rendition, not the 1200px original
    _assert_served_as_protected_image(login(mitglied), src)
    # Anonymous people go to the login, sessions without a verified second factor to its set-up.
    for other, target in ((client, "/konto/login/"), (login(user_factory(), mfa=False), "/konto/2fa/")):
        response = other.get(src)
        assert response.status_code == 302 and response["Location"].startswith(target)
        assert b"PNG" not in response.content


def test_rendition_file_view_refuses_forged_and_foreign_paths(
    content_tree, image, mitglied, login, django_capture_on_commit_callbacks
):
    from medien.storage import rendition_file_signature

    client = login(mitglied)
    rendition = image.get_rendition("width-400")
    src = rendition.url
    signature, name = re.match(r"^/medien/bilder/datei/([^/]+)/(.+)$", src).groups()
    assert name == rendition.file.name
    _assert_served_as_protected_image(client, src)
    # A wrong signature, another file's name, a path outside the rendition folder: all 404.
    forged = [
        src.replace(signature, signature[:-2] + ("AA" if not signature.endswith("AA") else "BB")),
        f"/medien/bilder/datei/{signature}/{image.file.name}",
        f"/medien/bilder/datei/{rendition_file_signature(image.file.name)}/{image.file.name}",
        f"/medien/bilder/datei/{rendition_file_signature('images/../original_images/x.png')}"
        "/images/../original_images/x.png",
    ]
    for url in forged:
        assert client.get(url).status_code == 404, url
    # A deleted image's old URL answers 404 as well (Wagtail removes the files on commit).
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert client.get(src).status_code == 404


def test_image_block_and_image_tag_use_the_protected_view(content_tree, image, mitglied, login):
    from demo.pages import upsert_page
    from startseite.models import NewsPage

    page = upsert_page(
        content_tree["news_index"],
        NewsPage,
        "bildblock",
        title="Meldung mit Bildblock",
        body=[
            {
                "type": "bild",
                "value": {
                    "bild": {"image": image.pk, "decorative": False, "alt_text": "Einsatzkräfte vor Ort"},
                    "bildunterschrift": "Lagebesprechung in Gelsenkirchen",
                },
            }
        ],
    )
    client = login(mitglied)
    html = client.get(page.url).content.decode()
    assert "<figcaption>Lagebesprechung in Gelsenkirchen</figcaption>" in html
    assert 'alt="Einsatzkräfte vor Ort"' in html
    (src,) = _img_srcs(html)
    assert src.startswith("/medien/bilder/datei/")
    _assert_served_as_protected_image(client, src)


def test_image_url_tag_is_served_through_the_signed_dynamic_view(image, mitglied, login, client):
    from django.template import Context, Template

    url = Template('{% load wagtailimages_tags %}{% image_url img "width-100" %}').render(
        Context({"img": image})
    )
    # generate_image_url() appends the original file name after the filter spec.
    assert re.fullmatch(rf"/medien/bilder/[^/]+/{image.pk}/width-100/lagekarte[^/]*\.png", url)
    assert client.get(url).status_code == 302
    body = _assert_served_as_protected_image(login(mitglied), url)
    assert len(body) > 0
    assert login(mitglied).get(url.replace("width-100", "width-101")).status_code == 404


def test_rendition_storage_follows_the_default_backend():
    """Local files and S3 alike: same storage class family, URLs always to the protected view."""
    from django.core.files.storage import FileSystemStorage
    from storages.backends.s3 import S3Storage

    from medien import storage as media_storage

    local = media_storage.rendition_storage()
    assert isinstance(local, FileSystemStorage)
    s3 = media_storage.ProtectedS3Storage(bucket_name="siko-dateien", default_acl="private")
    assert isinstance(s3, S3Storage)
    for storage in (local, s3):
        url = storage.url("images/karte.width-800.png")
        assert url.startswith("/medien/bilder/datei/") and url.endswith("/images/karte.width-800.png")


def test_admin_image_previews_use_protected_urls(content_tree, image, user_factory, login, settings):
    """The admin's image listing (editors) shows previews through the protected view, too."""
    from redaktion.services import editorial_setup

    editorial_setup(home=content_tree["home"])
    client = login(user_factory("geschaeftsstelle"))
    html = client.get("/admin/images/").content.decode()
    srcs = [s for s in _img_srcs(html) if "/medien/" in s or settings.MEDIA_URL in s]
    assert srcs and all(s.startswith("/medien/bilder/") for s in srcs)
    _assert_served_as_protected_image(client, srcs[0])
