"""Portal-wide views: health check and error pages."""

from celery import current_app as app  # the project's app (siko_portal/__init__.py sets it)
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health as health_probes
from .access import public
from .tasks import HEARTBEAT_CACHE_KEY


@public
@never_cache
@require_GET
def health(request):
    """State of database, Redis, the Celery broker and the registered probes such as clamd (each when
    configured), and when beat's heartbeat last ran. No personal data, no login. 503 when a configured
    service does not answer."""
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
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        try:
            with app.connection_for_write() as broker:
                broker.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            state["broker"] = "ok"
        except Exception:
            state["broker"] = "error"
            status = 503
    for name, probe in health_probes.probes().items():  # e.g. clamd (registered by dateien)
        answer = probe()
        if answer is not None:
            state[name] = "ok" if answer else "error"
            if not answer:
                status = 503
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        try:
            state["beat_heartbeat"] = cache.get(HEARTBEAT_CACHE_KEY)
        except Exception:
            state["beat_heartbeat"] = None
    state["status"] = "ok" if status == 200 else "error"
    return JsonResponse(state, status=status)


def back_url(request) -> str | None:
    """Return the page the person came from when it is on this portal, else None.

    Error pages link back to it; a foreign or malformed Referer is never echoed."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    if not url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure()):
        return None
    return referer


def _error_page(request, template: str, status: int):
    response = render(request, template, {"back_url": back_url(request)}, status=status)
    add_never_cache_headers(response)
    return response


@public
def error_400(request, exception=None):
    return _error_page(request, "errors/400.html", 400)


@public
def error_403(request, exception=None):
    return _error_page(request, "errors/403.html", 403)


@public
def error_404(request, exception=None):
    return _error_page(request, "errors/404.html", 404)


@public
def csrf_failure(request, reason=""):
    """Explain a rejected form post (CSRF_FAILURE_VIEW) in German: the page was stale.

    The reason Django gives is logged by Django itself and never shown: it helps nobody who
    only needs to reload the page, and it would tell an attacker which check failed."""
    return _error_page(request, "errors/403_csrf.html", 403)


# Last resort when even the plain 500 template cannot be rendered (e.g. broken template loader).
_FALLBACK_500 = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Interner Fehler</title></head>'
    "<body><main><h1>Interner Fehler</h1><p>Es ist ein unerwarteter Fehler aufgetreten. "
    'Bitte versuchen Sie es später erneut.</p><p><a href="/">Zur Startseite</a></p></main></body></html>'
)


@public
def error_500(request):
    """Render the 500 page without the request context: no session, user or database access,
    so it still works when the database is the reason for the error."""
    try:
        html = loader.get_template("errors/500.html").render(
            {"portal_name": settings.WAGTAIL_SITE_NAME, "error_minimal": True, "back_url": back_url(request)}
        )
    except Exception:
        html = _FALLBACK_500
    return HttpResponseServerError(html)
