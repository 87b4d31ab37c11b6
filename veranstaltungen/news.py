"""News of upcoming and new Fachveranstaltungen (registered in VeranstaltungenConfig.ready)."""

from django.utils import timezone

from portal.news import NewsItem
from portal.routing import page_url

from .models import VeranstaltungPage


def news_veranstaltungen(user, since, fachgebiete=None, limit=20) -> list[NewsItem]:
    """Return events the person may see, published or changed since `since`, that have not ended yet."""
    if fachgebiete:
        return []
    queryset = (
        VeranstaltungPage.objects.visible_to(user)
        .filter(last_published_at__gte=since, ende__gte=timezone.now())
        .order_by("beginn")[:limit]
    )
    return [
        NewsItem(
            section="veranstaltungen",
            title=f"{v.title} ({timezone.localtime(v.beginn):%d.%m.%Y})",
            url=page_url(v) or "",
            changed_at=v.last_published_at,
            is_new=bool(v.first_published_at and v.first_published_at >= since),
        )
        for v in queryset
    ]
