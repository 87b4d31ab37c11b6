"""Sent newsletter issues as "what is new" on the start page (registered in NewsletterConfig.ready)."""

from django.urls import reverse

from portal.news import NewsItem

from .models import Ausgabe


def news_ausgaben(user, since, fachgebiete=None, limit=20) -> list[NewsItem]:
    """Issues sent since `since` that this person may read in the archive (newest first)."""
    if fachgebiete:
        return []  # an issue is not about one Fachgebiet
    rows = (
        Ausgabe.objects.archive_for(user)
        .filter(versendet_am__gte=since)
        .values("pk", "titel", "versendet_am")[:limit]
    )
    return [
        NewsItem(
            section="newsletter",
            title=row["titel"],
            url=reverse("newsletter:archiv_detail", args=[row["pk"]]),
            changed_at=row["versendet_am"],
        )
        for row in rows
    ]
