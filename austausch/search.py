"""Board threads and posts in the portal search and the "what is new" feed, filtered by access."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import name_with_behoerde
from fachgebiete.related import RelatedItem
from portal import textsearch
from portal.news import NewsItem, fachgebiet_slugs
from portal.search import Hits, SearchHit, SearchQuery, shown_part
from portal.url_helpers import url_prefix

from .access import thema_filter
from .models import Beitrag, Thema

MAX_POSTS = 120  # matching posts read per search (newest first); grouped into at most `limit` threads


def search_board(user, query: SearchQuery) -> Hits:
    """Return one hit per thread this person may see whose title or posts match every word of the
    query (German stems, full-text index on PostgreSQL), newest thread activity first. A hit shows the
    best-matching post (most occurrences of the query's stems, then the newest) as plain text without
    quoted replies, and how many further posts of the thread match."""
    terms = textsearch.query_terms(query.text)
    if not terms:
        return []
    shown_posts = Beitrag.objects.filter(geloescht_am__isnull=True, ist_verborgen=False)
    if textsearch.frequent(shown_posts, terms):
        # A frequent word: walk the date index, newest first, and stop after MAX_POSTS visible matches
        # (the threads' visibility joined in: `thema_filter` through the post's thread).
        visible_posts = shown_posts.filter(
            thema_filter(user, prefix="thema__"), thema__inhalt_entfernt_am__isnull=True
        )
        if query.fachgebiet:
            visible_posts = visible_posts.filter(thema__fachgebiete__slug=query.fachgebiet)
        rows = (
            textsearch.matching(visible_posts, terms, walk=True)
            .order_by("-erstellt", "-pk")
            .values_list("pk", "thema_id", "tokens")[:MAX_POSTS]
        )
    else:
        # Any other word: the GIN index's few matches, then which of their threads this person may see
        # (by primary key: never a pass over every visible thread), newest first.
        themen = Thema.objects.visible_to(user).filter(inhalt_entfernt_am__isnull=True)
        if query.fachgebiet:
            themen = themen.filter(fachgebiete__slug=query.fachgebiet)
        posts = shown_posts.matching(terms).order_by()
        found = sorted(posts.values_list("erstellt", "pk", "thema_id", "tokens"), reverse=True)
        visible = set(themen.filter(pk__in={row[2] for row in found}).order_by().values_list("pk", flat=True))
        rows = [(pk, thema_id, tokens) for _e, pk, thema_id, tokens in found if thema_id in visible]
        rows = rows[:MAX_POSTS]
    # Per thread (newest matching post first): its matching posts as (pk, stored stems).
    threads: dict[int, list[tuple[int, str]]] = {}
    for pk, thema_id, tokens in rows:
        if thema_id not in threads and len(threads) >= query.limit:
            continue
        threads.setdefault(thema_id, []).append((pk, tokens))
    # Only the threads shown become hits (the newest `query.shown`); the others are counted. A hit shows
    # the thread's best post: the most occurrences of the query's stems in its stored stems (thread title
    # included, the same for every post of it); among equals the newest (max keeps the first).
    shown = shown_part(list(threads.values()), query)
    best = {
        max(posts, key=lambda post: sum(post[1].count(f" {term}") for term in terms))[0]: len(posts) - 1
        for posts in shown
    }
    # Only what a hit shows: not the posts' stems and vectors, not the rest of the thread, account and authority.
    rows = (
        Beitrag.objects.filter(pk__in=list(best))
        .order_by()
        .values(
            "pk",
            "html",
            "erstellt",
            "thema__titel",
            "autor__first_name",
            "autor__last_name",
            "autor__email",
            "autor__behoerde__name",
            "autor__behoerde__kurzname",
        )
        if best
        else []
    )
    beitraege = {row["pk"]: row for row in rows}
    post_prefix = url_prefix("austausch:beitrag")
    hits = []
    for pk, more in best.items():
        row = beitraege[pk]
        erstellt = timezone.localtime(row["erstellt"])
        autor = name_with_behoerde(
            row["autor__first_name"],
            row["autor__last_name"],
            row["autor__email"],
            row["autor__behoerde__kurzname"] or row["autor__behoerde__name"],
        )
        hits.append(
            SearchHit(
                title=row["thema__titel"],
                url=f"{post_prefix}{pk}/",
                snippet=textsearch.highlight(textsearch.plain_text(row["html"]), terms, width=160),
                section="austausch",
                meta=f"Beitrag · {autor} · {erstellt:%d.%m.%Y}",
                date=erstellt,
                more=more,
            )
        )
    return Hits(hits, found=len(threads))


def news_items(user, since, fachgebiete=None, limit=20) -> list[NewsItem]:
    """New threads since `since` that this person may see."""
    themen = Thema.objects.visible_to(user).active().filter(erstellt__gt=since, ist_verborgen=False)
    if fachgebiete:
        themen = themen.filter(fachgebiete__slug__in=fachgebiete).distinct()
    rows = list(themen.order_by("-erstellt", "-pk").values("pk", "titel", "erstellt")[:limit])
    topics = fachgebiet_slugs(Thema.fachgebiete.through, "thema_id", [row["pk"] for row in rows])
    return [
        NewsItem(
            section="austausch",
            title=row["titel"],
            url=reverse("austausch:thema", args=[row["pk"]]),
            changed_at=row["erstellt"],
            fachgebiete=topics[row["pk"]],
        )
        for row in rows
    ]


def latest_threads(user, fachgebiet, limit=5):
    """The newest visible threads of a Fachgebiet (its area, or tagged with it), for its page (one query)."""
    tagged = Thema.fachgebiete.through.objects.filter(fachgebiet=fachgebiet).values("thema_id")
    # An IN-subquery rather than a join with DISTINCT: PostgreSQL walks the activity index and stops early.
    rows = (
        Thema.objects.visible_to(user)
        .active()
        .filter(ist_verborgen=False)
        .filter(Q(bereich__fachgebiet=fachgebiet) | Q(pk__in=tagged))
        .order_by("-letzte_aktivitaet", "-pk")
        .values("pk", "titel", "letzte_aktivitaet", "bereich__name")[:limit]
    )
    return [
        RelatedItem(
            title=row["titel"],
            url=reverse("austausch:thema", args=[row["pk"]]),
            date=row["letzte_aktivitaet"],
            meta=row["bereich__name"],
        )
        for row in rows
    ]
