"""CMS documents and images are served to logged-in, second-factor-verified members only."""

import pytest
from django.core.files.base import ContentFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(db):
    from wagtail.documents.models import Document

    doc = Document(title="Checkliste Shisha")
    doc.file.save("checkliste.pdf", ContentFile(b"%PDF-1.4 Inhalt"), save=False)
    doc.save()
    return doc


def test_documents_are_attachments_for_members_only(document, mitglied, login, client, user_factory):
    from audit.models import AuditEntry

    url = document.url
    assert url.startswith("/medien/dokumente/")
    assert client.get(url).status_code == 302
    assert login(user_factory(), mfa=False).get(url).status_code == 302
    response = login(mitglied).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(aktion="datei.heruntergeladen").exists()
    assert login(mitglied).get(url.replace("checkliste", "andere")).status_code == 404


def test_images_served_only_under_protected_prefix(db, mitglied, login, client):
    from io import BytesIO

    from PIL import Image as PILImage
    from wagtail.images import get_image_model
    from wagtail.images.utils import generate_signature

    buffer = BytesIO()
    PILImage.new("RGB", (20, 20), "red").save(buffer, "PNG")
    from django.core.files.images import ImageFile

    image = get_image_model().objects.create(title="Karte", file=ImageFile(buffer, name="karte.png"))
    url = f"/medien/bilder/{generate_signature(image.pk, 'width-10')}/{image.pk}/width-10/"
    assert client.get(url).status_code == 302
    response = login(mitglied).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
