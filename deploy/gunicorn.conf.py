# gunicorn settings of the web instances (docker-compose.yml and `make stack` pass --config this file).
# The application logs one JSON line per request itself (siko_portal.observability), so gunicorn's access
# log is off and its own messages (start, worker restarts) are JSON lines too.
import os

accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "siko_portal.observability.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
}


def child_exit(server, worker):
    """prometheus_client's multiprocess mode: a finished worker's live gauges no longer count."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
