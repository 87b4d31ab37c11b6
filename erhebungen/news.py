"""News for the start page and digest: open campaigns the person's authority still has to answer."""

from django.utils.translation import gettext as _

from portal.news import NewsItem

from .access import erhebungen_visible_to
from .models import Erhebung, Meldung


def offene_erhebungen(user, since, fachgebiete=None, limit=20) -> list[NewsItem]:
    """Open campaigns asking the person's authority that it has not submitted yet (new since `since`)."""
    if not user.is_authenticated or not user.behoerde_id:
        return []
    submitted = Meldung.objects.filter(
        behoerde_id=user.behoerde_id, status=Meldung.Status.EINGEREICHT
    ).values("erhebung_id")
    qs = (
        erhebungen_visible_to(user)
        .offen()
        .filter(behoerden=user.behoerde_id, erstellt_am__gte=since)
        .exclude(pk__in=submitted)
    )
    if fachgebiete:
        qs = qs.filter(indikatoren__indikator__fachgebiet__slug__in=fachgebiete)
    erhebungen = list(qs.distinct().order_by("frist", "pk")[:limit])
    if not erhebungen:
        return []
    # The Fachgebiete an Erhebung asks about: those of its indicators (what the filter above matches).
    topics: dict[int, set[str]] = {}
    for erhebung_id, slug in Erhebung.indikatoren.through.objects.filter(
        erhebung_id__in=[e.pk for e in erhebungen]
    ).values_list("erhebung_id", "indikatorversion__indikator__fachgebiet__slug"):
        topics.setdefault(erhebung_id, set()).add(slug)
    return [
        NewsItem(
            section="erhebungen",
            title=_("Erhebung „%(t)s“ – Meldung bis %(f)s")
            % {"t": e.titel, "f": e.frist.strftime("%d.%m.%Y")},
            url=f"/erhebungen/{e.pk}/",
            changed_at=e.erstellt_am,
            fachgebiete=tuple(sorted(topics.get(e.pk, ()))),
        )
        for e in erhebungen
    ]
