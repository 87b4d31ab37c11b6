"""News of upcoming and new Fachveranstaltungen, and the start page's next dates (registered in
VeranstaltungenConfig.ready). Both read the person's visible future events (one query each)."""

from django.utils import timezone

from portal import scoped_memo
from portal.news import NewsItem
from portal.page_urls import site_root_paths, url_for_path

from .models import VeranstaltungPage

FUTURE_ROWS = 100
FIELDS = ("title", "url_path", "beginn", "ort", "online_link", "last_published_at", "first_published_at")


def future_events(user) -> tuple[list[dict], bool]:
    """Events this person may see that have not ended, soonest first (up to FUTURE_ROWS), and whether
    there were more (one query; once per `portal.scoped_memo.scope()`, e.g. for the whole start page)."""

    def read():
        rows = list(VeranstaltungPage.objects.visible_to(user).upcoming().values(*FIELDS)[: FUTURE_ROWS + 1])
        return rows[:FUTURE_ROWS], len(rows) > FUTURE_ROWS

    return scoped_memo.memoized(("veranstaltungen.future_events", user.pk), read)


def news_veranstaltungen(user, since, fachgebiete=None, limit=20) -> list[NewsItem]:
    """Return events the person may see, published or changed since `since`, that have not ended yet."""
    if fachgebiete:
        return []
    rows, cut = future_events(user)
    rows = [row for row in rows if row["last_published_at"] and row["last_published_at"] >= since][:limit]
    if cut and len(rows) < limit:
        # More future events than read above: ask the database for exactly these.
        rows = (
            VeranstaltungPage.objects.visible_to(user)
            .filter(last_published_at__gte=since, ende__gte=timezone.now())
            .order_by("beginn")
            .values(*FIELDS)[:limit]
        )
    root_paths = site_root_paths()
    return [
        NewsItem(
            section="veranstaltungen",
            title=f"{row['title']} ({timezone.localtime(row['beginn']):%d.%m.%Y})",
            url=url_for_path(row["url_path"], root_paths) or "",
            changed_at=row["last_published_at"],
            is_new=bool(row["first_published_at"] and row["first_published_at"] >= since),
        )
        for row in rows
    ]
