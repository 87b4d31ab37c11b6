"""URL samples for the quality gates: protected Wagtail documents and images."""

from tests.url_inventory import register_sample


def _document():
    from wagtail.documents import get_document_model

    document = get_document_model().objects.order_by("pk").first()
    return {"document_id": document.pk, "document_filename": document.filename} if document else None


def _image():
    from wagtail.images import get_image_model
    from wagtail.images.utils import generate_signature

    image = get_image_model().objects.order_by("pk").first()
    if image is None:
        return None
    return {
        "signature": generate_signature(image.pk, "original"),
        "image_id": image.pk,
        "filter_spec": "original",
    }


def _rendition_file():
    from wagtail.images import get_image_model

    from medien.storage import rendition_file_signature

    image = get_image_model().objects.order_by("pk").first()
    if image is None:
        return None
    name = image.get_rendition("width-800").file.name
    return {"signature": rendition_file_signature(name), "name": name}


register_sample("wagtaildocs_serve", _document)
register_sample("medien_bilddatei", _rendition_file)
register_sample("wagtailimages_serve", _image)
