"""Search provider and news source of the Lagebilder section (both read through visible_to)."""

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fachgebiete.models import Fachgebiet
from portal import textsearch
from portal.news import NewsItem
from portal.search import SearchHit

from .models import Lagebild


def search(user, query) -> list[SearchHit]:
    terms = [t for t in query.text.split() if t][:8]
    if not terms:
        return []
    queryset = Lagebild.objects.visible_to(user)
    for term in terms:
        queryset = queryset.filter(Q(titel__icontains=term) | Q(zusammenfassung__icontains=term))
    if query.fachgebiet:
        queryset = queryset.filter(fachgebiete__slug=query.fachgebiet)
    hits = []
    for lagebild in queryset.for_list().order_by("-erstellt_am", "-id")[: query.limit]:
        hits.append(
            SearchHit(
                title=lagebild.titel,
                url=reverse("lagebilder:detail", args=[lagebild.pk]),
                snippet=textsearch.highlight(lagebild.zusammenfassung, textsearch.query_terms(query.text)),
                section="lagebilder",
                meta=f"Lagebild · {lagebild.autor_behoerde.name} · {lagebild.erstellt_am:%d.%m.%Y}",
                classification="VS-NfD" if lagebild.ist_vsnfd else "",
                fachgebiete=tuple(f.name for f in lagebild.fachgebiete.all()),
            )
        )
    return hits


def news_items(user, since, fachgebiete=None, limit: int = 20) -> list[NewsItem]:
    queryset = Lagebild.objects.visible_to(user).published().filter(veroeffentlicht_am__gte=since)
    if fachgebiete:
        queryset = queryset.filter(fachgebiete__slug__in=fachgebiete).distinct()
    items = []
    # Only what a news item shows: no regions, authority or file versions (the digest asks for a lot).
    queryset = queryset.only("pk", "titel", "klassifikation", "veroeffentlicht_am").prefetch_related(
        Prefetch("fachgebiete", queryset=Fachgebiet.objects.only("pk", "slug"))
    )
    for lagebild in queryset.order_by("-veroeffentlicht_am", "-id")[:limit]:
        items.append(
            NewsItem(
                section="lagebilder",
                title=lagebild.titel,
                url=reverse("lagebilder:detail", args=[lagebild.pk]),
                changed_at=lagebild.veroeffentlicht_am,
                is_new=True,
                classified=lagebild.ist_vsnfd,
                fachgebiete=tuple(f.slug for f in lagebild.fachgebiete.all()),
            )
        )
    return items


LABEL = _("Lagebilder")
