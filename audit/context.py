"""Where the current request came from, for audit entries written without the request at hand.

Services know nothing of HTTP, yet their audit entries should name the client's address and browser.
`AuditContextMiddleware` records the request for its duration in a context variable (one per thread or
task, so concurrent requests never see each other's); `audit_log` asks it for the origin when it is not
given a request — worked out only then, so the many requests that write no audit entry pay nothing.
Outside a request (Celery tasks, management commands) there is no origin.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

USER_AGENT_MAX_LENGTH = 300


@dataclass(frozen=True)
class RequestOrigin:
    ip: str | None
    user_agent: str


_current_request: ContextVar = ContextVar("audit_current_request", default=None)


def client_ip(request) -> str | None:
    """The client's address as the portal determines it everywhere: allauth's adapter, which honours
    ALLAUTH_TRUSTED_PROXY_COUNT behind the reverse proxy."""
    try:
        return get_adapter(request).get_client_ip(request) or None
    except PermissionDenied:  # no address at all
        return None
    except ImproperlyConfigured:  # a forwarded-for header shorter than the configured proxy count
        return request.META.get("REMOTE_ADDR") or None


def origin_of(request) -> RequestOrigin:
    """Return the client address and user agent of a request."""
    return RequestOrigin(
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH],
    )


def current_origin() -> RequestOrigin | None:
    """Return the origin of the request being handled, or None outside a request."""
    request = _current_request.get()
    return None if request is None else origin_of(request)


class AuditContextMiddleware:
    """Record the request's origin for audit entries written anywhere while it is handled."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
