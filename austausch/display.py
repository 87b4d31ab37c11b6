"""What the board's lists and thread pages show, prepared in Python once per request.

A thread page shows up to 50 posts and an area page 25 threads. Template nodes, translations,
`{% url %}` and `get_FOO_display` cost microseconds each, per row; here every row becomes a small dict
of ready strings, so that the templates only place them (see docs/austausch.md, "Benchmark").
Nothing here depends on more than the person's own rights, passed in by the view.
"""

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from portal.templatetags.portal_dates import ziffern_datum
from portal.url_helpers import url_prefix

from .models import Thema

POSTS_PER_PAGE = 50
THREADS_PER_PAGE = 25


def local_time(value) -> str:
    """Format an aware datetime in local time as `{{ value|date:"d.m.Y H:i" }}` does; None gives ""."""
    return ziffern_datum(timezone.localtime(value), "d.m.Y H:i") if value else ""


def _name(first: str, last: str) -> str:
    """Like `User.get_full_name()`, from the two columns of a values() row."""
    return f"{first or ''} {last or ''}".strip()


def page_of(position: int, per_page: int = POSTS_PER_PAGE) -> int:
    """The 1-based page number of the item at 0-based `position`."""
    return position // per_page + 1


def thread_page_url(thema_id: int, number: int) -> str:
    """The address of page `number` of a thread (page 1 without a query string)."""
    url = reverse("austausch:thema", args=[thema_id])
    return url if number <= 1 else f"{url}?seite={number}"


def post_rows(
    posts, *, attachments, user, thema: Thema, rights, gelesen_bis, first_position: int
) -> list[dict]:
    """The posts of one page (`BeitragQuerySet.page_values` dicts) as the thread template shows them,
    with the person's own actions.

    `attachments` are `BeitragAnhangQuerySet.listed_for` dicts. `first_position` is the 0-based
    position of the page's first post in the thread; position 0 is the question itself, which cannot
    be its own answer."""
    beitrag_prefix = url_prefix("austausch:beitrag")
    anhang_prefix = url_prefix("austausch:anhang")
    files: dict[int, list[dict]] = {}
    for anhang in attachments:
        files.setdefault(anhang["beitrag_id"], []).append(
            {
                "url": f"{anhang_prefix}{anhang['pk']}/",
                "name": anhang["datei__originalname"],
                "meta": f"{anhang['datei__typ'].upper()}, {filesizeformat(anhang['datei__groesse'])}",
            }
        )
    can_mark = rights.mark_answered and thema.art == Thema.Art.FRAGE
    rows = []
    first_unread_seen = False
    for position, post in enumerate(posts, start=first_position):
        pk = post["pk"]
        unread = gelesen_bis is not None and post["erstellt"] > gelesen_bis
        answer = thema.antwort_id == pk
        deleted = post["geloescht_am"] is not None
        rows.append(
            {
                "id": str(pk),
                "url": f"{beitrag_prefix}{pk}/",
                "css": "post"
                + (" post--answer" if answer else "")
                + (" post--hidden" if post["ist_verborgen"] else "")
                + (" post--unread" if unread else ""),
                "author": _name(post["autor__first_name"], post["autor__last_name"]) or post["autor__email"],
                "behoerde": post["autor__behoerde__name"] or "",
                "when": local_time(post["erstellt"]),
                "edited": local_time(post["bearbeitet_am"]),
                "answer": answer,
                "hidden": post["ist_verborgen"],
                "unread": unread,
                "first_unread": unread and not first_unread_seen,
                "deleted": deleted,
                "reason": post["loeschgrund"],
                "html": post["html"],
                "attachments": [] if deleted else files.get(pk, []),
                "own": post["autor_id"] == user.pk,
                "can_mark": can_mark and not answer and position > 0 and not deleted,
            }
        )
        first_unread_seen = first_unread_seen or unread
    return rows


def thread_rows(themen) -> list[dict]:
    """Threads of a list (`ThemaQuerySet.for_listing` dicts) with one ready meta line each."""
    thema_prefix = url_prefix("austausch:thema")
    by, last = gettext("von"), gettext("letzte Aktivität")
    labels = {value: str(label) for value, label in Thema.Art.choices}
    counts: dict[int, str] = {}
    rows = []
    for thema in themen:
        n = thema["beitraege_anzahl"]
        if n not in counts:
            counts[n] = ngettext("%(n)s Beitrag", "%(n)s Beiträge", n) % {
                "n": number_format(n, force_grouping=True)
            }
        author = _name(thema["autor__first_name"], thema["autor__last_name"]) or thema["autor__email"]
        authority = thema["autor__behoerde__kurzname"] or thema["autor__behoerde__name"]
        if authority:
            author = f"{author} ({authority})"
        activity = f"{last} {local_time(thema['letzte_aktivitaet'])}"
        last_author = _name(thema["letzter_autor__first_name"], thema["letzter_autor__last_name"])
        if last_author:
            activity = f"{activity} ({last_author})"
        rows.append(
            {
                "url": f"{thema_prefix}{thema['pk']}/",
                "titel": thema["titel"],
                "ungelesen": thema["ungelesen"],
                "angeheftet": thema["ist_angeheftet"],
                "beantwortet": thema["antwort_id"] is not None,
                "geschlossen": thema["ist_geschlossen"],
                "verborgen": thema["ist_verborgen"],
                "meta": " · ".join(
                    [
                        labels.get(thema["art"], thema["art"]),
                        thema["bereich__name"],
                        counts[n],
                        f"{by} {author}",
                        activity,
                    ]
                ),
            }
        )
    return rows
