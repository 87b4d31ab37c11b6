"""Fake NewsSources for a real worker process (`celery worker --include tests.newsletter.fake_sources`)
and the benchmark: one item for everyone, one only for "Behörde A", one VS-NfD report for A, and a
per-person item so that every digest is individual."""

from django.utils import timezone

from portal import news

BEHOERDE_A = "Behörde A"
PUBLIC_TITLE = "Handreichung Shisha-Kontrollen 2026"
ONLY_A_TITLE = "Lagebild Rotlicht Essen-Nord NUR-BEHOERDE-A"
SECRET_VSNFD_TITLE = "Clanstruktur Altendorf VS-GEHEIMTITEL"


def _items(user, since, fachgebiete=None, limit=20):
    now = timezone.now()
    items = [
        news.NewsItem(
            "seiten", PUBLIC_TITLE, "/fachgebiete/shisha/handreichung/", now, True, False, ("shisha",)
        ),
        news.NewsItem("seiten", f"Ihr Vorgang Nr. {user.pk}", f"/austausch/thema/{user.pk}/", now, False),
    ]
    if user.behoerde is not None and user.behoerde.name == BEHOERDE_A:
        items.append(news.NewsItem("lagebilder", ONLY_A_TITLE, "/lagebilder/7/", now, True, False))
        items.append(news.NewsItem("lagebilder", SECRET_VSNFD_TITLE, "/lagebilder/8/", now, True, True))
    return items[:limit]


def register() -> None:
    news.register(news.NewsSource("fake", "Neu im Portal", _items, order=1))


register()
