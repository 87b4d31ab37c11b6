"""Wagtail documents and images, served only through permission-checked views under /medien/.

Included without a namespace so that Wagtail's own `reverse("wagtaildocs_serve")` (Document.url) and
`{% image_url %}` (`wagtailimages_serve`) point here. The access middleware already requires login and a
verified second factor for these views (none is @public).
"""

from django.urls import path

from . import media_views

urlpatterns = [
    path(
        "dokumente/<int:document_id>/<str:document_filename>",
        media_views.serve_document,
        name="wagtaildocs_serve",
    ),
    path(
        "bilder/<str:signature>/<int:image_id>/<str:filter_spec>/",
        media_views.serve_image,
        name="wagtailimages_serve",
    ),
]
