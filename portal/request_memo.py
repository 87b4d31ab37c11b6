"""Remember a value for the rest of the current request — and only that long.

Some facts are read several times while one page is built (the content generation, the person's
visible future events for both the start page's news and its calendar box). `memo(key, build)` computes
them once per request; outside a request (shell, Celery, tests calling services directly) it always
calls `build()`. The store is emptied when a request starts and when it ends, so nothing outlives the
request it was read in: a change made by one request is seen by the next.
"""

import threading
from collections.abc import Callable
from typing import Any

from django.core.signals import request_finished, request_started

_state = threading.local()


def memo(key, build: Callable[[], Any]) -> Any:
    """Return `build()`, computed at most once per request for `key`."""
    store = getattr(_state, "store", None)
    if store is None:
        return build()
    if key not in store:
        store[key] = build()
    return store[key]


def forget(key) -> None:
    """Drop `key` from the current request's store (after the request itself changed it)."""
    store = getattr(_state, "store", None)
    if store is not None:
        store.pop(key, None)


def _request_started(**kwargs) -> None:
    _state.store = {}


def _request_finished(**kwargs) -> None:
    _state.store = None


def connect_signals() -> None:
    request_started.connect(_request_started, dispatch_uid="request_memo_started")
    request_finished.connect(_request_finished, dispatch_uid="request_memo_finished")
