"""URL samples for the quality gates: content pages."""

from tests.url_inventory import register_sample


def _content_page():
    """A content page below the start page (its emergency publication asks first: GET changes nothing)."""
    from wagtail.models import Page

    page = Page.objects.filter(depth__gt=2).order_by("path").first()
    return {"pk": page.pk} if page else None


register_sample("siko_notveroeffentlichung", _content_page)
