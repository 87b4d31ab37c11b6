"""News of upcoming and new Fachveranstaltungen (registered in VeranstaltungenConfig.ready)."""

from django.utils import timezone

from portal.news import NewsItem
from portal.routing import url_for_path

from .models import VeranstaltungPage


def news_veranstaltungen(user, since, fachgebiete=None, limit=20) -> list[NewsItem]:
    """Return events the person may see, published or changed since `since`, that have not ended yet."""
    if fachgebiete:
        return []
    rows = (
        VeranstaltungPage.objects.visible_to(user)
        .filter(last_published_at__gte=since, ende__gte=timezone.now())
        .order_by("beginn")
        .values("title", "url_path", "beginn", "last_published_at", "first_published_at")[:limit]
    )
    return [
        NewsItem(
            section="veranstaltungen",
            title=f"{row['title']} ({timezone.localtime(row['beginn']):%d.%m.%Y})",
            url=url_for_path(row["url_path"]) or "",
            changed_at=row["last_published_at"],
            is_new=bool(row["first_published_at"] and row["first_published_at"] >= since),
        )
        for row in rows
    ]
