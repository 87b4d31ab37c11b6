"""URLs of pages in lists built outside a page's template (start page news, dates, calendar).

Rows read with `.values()` carry only a page's `url_path`; `url_for_path` turns it into the URL that
`page.url` would give, from Wagtail's site root paths (which Wagtail itself caches). A list asks for the
root paths once and passes them to every row.
"""

from django.urls import reverse
from wagtail.models import Site


def site_root_paths() -> list:
    """Return Wagtail's site root paths (from Wagtail's own cache)."""
    return list(Site.get_site_root_paths())


def url_for_path(url_path: str, root_paths: list | None = None) -> str | None:
    """Return the URL of the page with this `url_path` like `page.url` does: relative when the portal has
    one site, else with the site's root URL; None when no site contains the page."""
    if root_paths is None:
        root_paths = site_root_paths()
    for root in root_paths:
        if url_path.startswith(root.root_path):
            path = reverse("wagtail_serve", args=(url_path[len(root.root_path) :],))
            return path if len({r.site_id for r in root_paths}) == 1 else root.root_url + path
    return None
