"""Portal-wide views: health check, search, error pages."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import search as portal_search
from .access import public


@public
@never_cache
@require_GET
def health(request):
    """State of database and (when configured) Redis. No personal data, no login."""
    state = {"database": "ok"}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        state["database"] = "error"
        status = 503
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
            state["redis"] = "ok"
        except Exception:
            state["redis"] = "error"
            status = 503
    state["status"] = "ok" if status == 200 else "error"
    return JsonResponse(state, status=status)


@require_GET
def search(request):
    """One search box over every section the person may see; results grouped by section."""
    text = portal_search.normalise_query(request.GET.get("q", ""))
    section = request.GET.get("bereich") or None
    fachgebiet = request.GET.get("fachgebiet") or None
    groups = []
    providers = portal_search.providers()
    from .textsearch import query_terms

    too_general = bool(text) and not query_terms(text)
    if text and not too_general:
        query = portal_search.SearchQuery(text=text, fachgebiet=fachgebiet)
        for provider in providers:
            if section and provider.key != section:
                continue
            hits = provider.search(request.user, query)
            if hits:
                groups.append({"key": provider.key, "label": provider.label, "hits": hits})
    from fachgebiete.models import Fachgebiet

    return render(
        request,
        "portal/search.html",
        {
            "query": text,
            "too_general": too_general,
            "groups": groups,
            "sections": providers,
            "selected_section": section,
            "fachgebiete": Fachgebiet.objects.all(),
            "selected_fachgebiet": fachgebiet,
            "total": sum(len(g["hits"]) for g in groups),
        },
    )


@public
def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


@public
def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


@public
def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


@public
def error_500(request):
    return render(request, "errors/500.html", status=500)
