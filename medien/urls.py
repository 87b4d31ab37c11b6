"""Wagtail documents and images, served only through permission-checked views under /medien/.

Included without a namespace so that Wagtail's own `reverse("wagtaildocs_serve")` (Document.url) and
`{% image_url %}` (`wagtailimages_serve`) point here. Rendition files (`{% image %}`, rich-text image
embeds, ImageBlock) get their URLs from `medien.storage` and land on `medien_bilddatei`. The
access middleware requires login and a verified second factor for all of these views (none is @public).
"""

from django.urls import path, re_path

from . import views

urlpatterns = [
    path(
        "dokumente/<int:document_id>/<str:document_filename>",
        views.serve_document,
        name="wagtaildocs_serve",
    ),
    path(
        "bilder/datei/<str:signature>/<path:name>",
        views.serve_rendition_file,
        name="medien_bilddatei",
    ),
    # Wagtail's generate_image_url() appends the original file name after the filter spec; it is ignored.
    re_path(
        r"^bilder/(?P<signature>[^/]+)/(?P<image_id>\d+)/(?P<filter_spec>[^/]+)/[^/]*$",
        views.serve_image,
        name="wagtailimages_serve",
    ),
]
