"""Operations: JSON-lines logs, the request log with request id, and Prometheus metrics.

Logs: `JsonFormatter` writes one JSON object per line with a fixed set of fields. Only the message and
the named fields below are written, never a record's other attributes (a request, a form, a task's
arguments), so passwords, tokens and VS-NfD content cannot reach the log through an `extra`. Paths are
logged without their query string, and URL parameters that carry secrets (tokens, keys) are masked.

Metrics: prometheus_client. With several processes (gunicorn workers, Celery's pool) the environment
variable PROMETHEUS_MULTIPROC_DIR names a directory all of them write to; `siko_portal.metrics_exporter`
serves the sum on an internal port. Nothing of it is a URL of the portal.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from prometheus_client import Counter, Histogram

REQUEST_ID_HEADER = "X-Request-ID"
# nginx's $request_id: 32 hex digits. Anything else in the header is replaced by an id of our own.
_REQUEST_ID_RE = re.compile(r"^[0-9a-f]{16,64}$")
# URL parameters whose values are secrets (newsletter links, allauth's reset keys, invitations).
_SECRET_KWARG_RE = re.compile(r"token|key|uid|secret|code", re.IGNORECASE)

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# Fields a log record may carry into the JSON line (besides time, level, logger and message).
FIELDS = (
    "request_id",
    "user_id",
    "method",
    "path",
    "view",
    "status",
    "duration_ms",
    "client",
    "task",
    "task_id",
    "state",
)

HTTP_REQUESTS = Counter(
    "siko_http_requests_total", "HTTP requests answered by the portal", ["method", "status"]
)
HTTP_DURATION = Histogram(
    "siko_http_request_duration_seconds",
    "Time the portal took to answer",
    ["method"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
CELERY_TASKS = Counter("siko_celery_tasks_total", "Celery tasks finished", ["task", "state"])
CELERY_DURATION = Histogram(
    "siko_celery_task_duration_seconds",
    "Run time of Celery tasks",
    ["task"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300),
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, the named FIELDS present, exc."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if "request_id" not in entry and (current := request_id_var.get()) is not None:
            entry["request_id"] = current
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def loggable_path(request) -> str:
    """The path without query string, with secret URL parameters replaced by ***."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in (match.kwargs or {}).items():
            if isinstance(value, str) and value and _SECRET_KWARG_RE.search(name):
                path = path.replace(value, "***")
    return path


request_logger = logging.getLogger("siko.request")


class RequestLogMiddleware:
    """Outermost middleware: a request id for every request, one log line and metrics per response.

    The id comes from nginx (X-Request-ID, which nginx always overwrites) or is made here; it goes into
    every log line written while the request runs and back to the client in the response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = header if _REQUEST_ID_RE.match(header) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration = time.perf_counter() - started
            response[REQUEST_ID_HEADER] = request_id
            self._record(request, response.status_code, duration)
            return response
        finally:
            request_id_var.reset(token)

    def _record(self, request, status: int, duration: float) -> None:
        HTTP_REQUESTS.labels(request.method, str(status)).inc()
        HTTP_DURATION.labels(request.method).observe(duration)
        if not request_logger.isEnabledFor(logging.INFO):
            return  # no log line wanted (e.g. LOG_LEVEL=WARNING): skip the user, path and address work
        try:
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else None
        except Exception:  # e.g. the database is down: /health/ must still answer 503, not 500
            user_id = None
        match = getattr(request, "resolver_match", None)
        from audit.context import client_ip

        path = loggable_path(request)
        request_logger.info(
            "%s %s %s",
            request.method,
            path,
            status,
            extra={
                "request_id": request_id_var.get(),
                "user_id": user_id,
                "method": request.method,
                "path": path,
                "view": match.view_name if match is not None else None,
                "status": status,
                "duration_ms": round(duration * 1000, 1),
                "client": client_ip(request),
            },
        )


task_logger = logging.getLogger("siko.task")
_task_started: dict[str, float] = {}


def task_prerun(task_id=None, task=None, **kwargs) -> None:
    """Celery signal: remember when the task started (its arguments are never logged)."""
    _task_started[task_id] = time.perf_counter()
    request_id_var.set(None)


def task_postrun(task_id=None, task=None, state=None, **kwargs) -> None:
    """Celery signal: one log line and metrics per finished task."""
    started = _task_started.pop(task_id, None)
    duration = time.perf_counter() - started if started is not None else None
    name = getattr(task, "name", "unbekannt")
    CELERY_TASKS.labels(name, state or "UNKNOWN").inc()
    if duration is not None:
        CELERY_DURATION.labels(name).observe(duration)
    task_logger.info(
        "task %s %s",
        name,
        state,
        extra={
            "task": name,
            "task_id": task_id,
            "state": state,
            "duration_ms": round(duration * 1000, 1) if duration is not None else None,
        },
    )
