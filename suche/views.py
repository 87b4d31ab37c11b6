"""The search page: one search box over every section the person may see."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from fachgebiete.models import fachgebiete_by_id
from portal import search as portal_search


@require_GET
def search(request):
    """One search box over every section the person may see: hit counts per section (a link narrows
    to one), hits grouped by section, sorted by relevance or date, a suggestion when nothing is found."""
    text = portal_search.normalise_query(request.GET.get("q", ""))
    providers = portal_search.providers()
    keys = {p.key for p in providers}
    section = request.GET.get("bereich") if request.GET.get("bereich") in keys else None
    sort = "datum" if request.GET.get("sortierung") == "datum" else "relevanz"
    fachgebiete = list(fachgebiete_by_id().values())
    fachgebiet = request.GET.get("fachgebiet")
    if fachgebiet not in {f.slug for f in fachgebiete}:
        fachgebiet = None
    result = portal_search.run(request.user, text, fachgebiet=fachgebiet, section=section, sort=sort)
    return render(
        request,
        "suche/search.html",
        {
            "query": text,
            "too_general": result.too_general,
            "groups": result.groups,
            "section_counts": [(p, result.counts[p.key]) for p in providers if p.key in result.counts],
            "sections": providers,
            "selected_section": section,
            "sort": sort,
            "fachgebiete": fachgebiete,
            "selected_fachgebiet": fachgebiet,
            "total": result.total,
            "total_more": result.total_more,
            "suggestion": result.suggestion,
        },
    )
