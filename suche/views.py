"""The search page: one search box over every section the person may see."""

from django.shortcuts import render
from django.utils.translation import gettext
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
    links = _section_links(request, [key for key in keys if key in result.counts])
    return render(
        request,
        "suche/search.html",
        {
            "query": text,
            "too_general": result.too_general,
            "groups": [(group, links[group["key"]], _all_hits_label(group)) for group in result.groups],
            "section_counts": [
                (p, result.counts[p.key], links[p.key]) for p in providers if p.key in result.counts
            ],
            "all_sections_link": links[None],
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


def _section_links(request, keys) -> dict:
    """The links that narrow this search to each section (`None`: back to all sections): this page's
    query string without `bereich`, then `bereich=<key>` (section keys are plain slugs), encoded once."""
    params = request.GET.copy()
    params.pop("bereich", None)
    rest = params.urlencode()
    links = {None: f"?{rest}"}
    for key in keys:
        links[key] = f"?{rest}&bereich={key}" if rest else f"?bereich={key}"
    return links


def _all_hits_label(group: dict) -> str:
    """The text of a group's link to all its hits („Alle Treffer in „Lagebilder“ anzeigen (über 20)“), or ""
    when the overview shows them all already (translated here: cheaper than a `{% blocktranslate %}` per group)."""
    if not group["more"]:
        return ""
    return gettext("Alle Treffer in „%(label)s“ anzeigen (%(anzahl)s)") % {
        "label": group["label"],
        "anzahl": group["count"],
    }
