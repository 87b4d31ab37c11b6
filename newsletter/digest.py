"""The per-recipient digest: what is new for *this* person, via the portal's NewsSource interface only."""

from datetime import datetime

from django.utils.translation import gettext as _

from portal import news

# Emails and stored digests never carry a VS-NfD title: only this text and the link.
CLASSIFIED_TITLE = "neues Lagebild (VS-NfD) – im Portal abrufen"
DIGEST_LIMIT_PER_SECTION = 10


def digest_for(user, since: datetime, fachgebiete: list[str] | None = None) -> list[dict]:
    """Return [{label, items: [{titel, url, neu, vsnfd}]}] of everything new this person may see."""
    return _safe(
        news.news_for(
            user, since, fachgebiete=fachgebiete or None, limit=DIGEST_LIMIT_PER_SECTION, digest=True
        )
    )


def digests_for(users, since: datetime, fachgebiete: dict[int, list[str]]) -> dict[int, list[dict]]:
    """Return {user id: digest_for(user, since, fachgebiete[user id])} for many recipients.

    Each news source is asked once per audience (people its `visible_to` treats alike) and Fachgebiet
    choice, not once per person; people with the same answers share one digest object.
    """
    shared: dict[tuple, list[dict]] = {}
    result = {}
    for user_id, found in news.news_for_many(
        users, since, fachgebiete=fachgebiete, limit=DIGEST_LIMIT_PER_SECTION
    ).items():
        # news_for_many hands out the same list object to everyone with the same answer.
        key = tuple((str(label), id(items)) for label, items in found.items())
        if key not in shared:
            shared[key] = _safe(found)
        result[user_id] = shared[key]
    return result


def _safe(found: dict) -> list[dict]:
    sections = []
    for label, items in found.items():
        safe_items = [
            {
                "titel": CLASSIFIED_TITLE if item.classified else str(item.title),
                "url": item.url,
                "neu": bool(item.is_new),
                "vsnfd": bool(item.classified),
            }
            for item in items
        ]
        sections.append({"label": str(label), "items": safe_items})
    return sections


def digest_item_count(digest: list[dict]) -> int:
    return sum(len(section["items"]) for section in digest)


def item_status_label(item: dict) -> str:
    return _("neu") if item.get("neu") else _("aktualisiert")
