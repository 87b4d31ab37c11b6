"""Search provider and news source of the Lagebilder section (both read through visible_to)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import textsearch
from portal.news import NewsItem, fachgebiet_slugs
from portal.search import SearchHit

from .models import Klassifikation, Lagebild


def search(user, query) -> list[SearchHit]:
    """Reports this person may see whose title or summary contain every word (German stems, full-text
    index on PostgreSQL), newest first."""
    terms = textsearch.query_terms(query.text)[:8]
    if not terms:
        return []
    queryset = Lagebild.objects.visible_to(user).matching(terms)
    if query.fachgebiet:
        queryset = queryset.filter(fachgebiete__slug=query.fachgebiet)
    hits = []
    rows = (
        queryset.select_related("autor_behoerde")
        .prefetch_related("fachgebiete")
        # Only what a hit shows: not the stored stems and vector, not the region.
        .only("pk", "titel", "zusammenfassung", "erstellt_am", "klassifikation", "autor_behoerde__name")
        .order_by("-erstellt_am", "-id")[: query.limit]
    )
    for lagebild in rows:
        erstellt = timezone.localtime(lagebild.erstellt_am)
        hits.append(
            SearchHit(
                title=lagebild.titel,
                url=reverse("lagebilder:detail", args=[lagebild.pk]),
                snippet=textsearch.highlight(lagebild.zusammenfassung, terms),
                section="lagebilder",
                meta=f"Lagebild · {lagebild.autor_behoerde.name} · {erstellt:%d.%m.%Y}",
                date=erstellt,
                classification="VS-NfD" if lagebild.ist_vsnfd else "",
                fachgebiete=tuple(f.name for f in lagebild.fachgebiete.all()),
            )
        )
    return hits


def news_items(user, since, fachgebiete=None, limit: int = 20) -> list[NewsItem]:
    queryset = Lagebild.objects.visible_to(user).published().filter(veroeffentlicht_am__gte=since)
    if fachgebiete:
        queryset = queryset.filter(fachgebiete__slug__in=fachgebiete).distinct()
    # Only what a news item shows: no regions, authority or file versions (the digest asks for a lot).
    rows = list(
        queryset.order_by("-veroeffentlicht_am", "-id").values(
            "pk", "titel", "klassifikation", "veroeffentlicht_am"
        )[:limit]
    )
    topics = fachgebiet_slugs(Lagebild.fachgebiete.through, "lagebild_id", [row["pk"] for row in rows])
    return [
        NewsItem(
            section="lagebilder",
            title=row["titel"],
            url=reverse("lagebilder:detail", args=[row["pk"]]),
            changed_at=row["veroeffentlicht_am"],
            is_new=True,
            classified=row["klassifikation"] == Klassifikation.VS_NFD,
            fachgebiete=topics[row["pk"]],
        )
        for row in rows
    ]


LABEL = _("Lagebilder")
