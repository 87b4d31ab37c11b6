"""Caches of what is identical for every member: the glossary's term list, whether any page has a privacy
restriction, choice lists of reference data (`portal.form_fields`), the Gesamtlagedarstellung's figures
(`erhebungen.lage.shared_lage`) — and, as a vary-on value of Wagtail's `{% wagtailpagecache %}`, the
rendered parts of page templates (`portal.context_processors`: `content_generation`).

Every key contains the *content generation*, a value in the shared cache that changes whenever what
these caches show changes (a page is published, unpublished, moved, deleted or saved other than as a
draft; a glossary term, document, image, Site or privacy setting, an authority, Kreis, Gemeinde,
Fachgebiet or Arbeitskreis, a survey figure changes — see `connect_signals` and the apps'
`bump_on_change` calls, all made in `AppConfig.ready` so that every process bumps it). Nothing is deleted:
a new generation simply makes the old entries unreachable, and they expire after half an hour (so a day
of editing cannot fill Redis). The generation changes right away and once more when the transaction
commits, so a request that rendered from not-yet-committed data cannot leave a stale entry under the new
generation. The release id is in every key as well (CACHES KEY_PREFIX, settings PORTAL_RELEASE).

Within one request the generation is read once (`generation_snapshot`, entered by
`portal.middleware.ContentGenerationMiddleware`): every part of one page comes from the same generation,
and a page costs one cache read for it instead of one per cached part. A bump during the request moves
the snapshot to the new generation too. Outside requests (tasks, commands) every call reads the cache.
Per-person values that every page shows (the header's unread count) are read in the same round trip:
an app registers the key with `read_along_with_generation` (the key depends on the request, e.g. the
person), the first read of the generation fetches both (one MGET) and `get_with_generation` hands the
value out once; `discard_read_along` drops it when the request itself changes that value.

Only cache here what does not depend on the person: never results of a `visible_to(user)` policy.
"""

import contextlib
import contextvars
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "portal:inhalt:generation"
# settings.CACHES: a process-local cache (Django's LocMemCache) for values read on every request that are
# cheap to keep in each worker: keyed by the generation (read once per request anyway), a change reaches
# every process at its next request without another shared-cache read (portal.navigation, rechtliches).
LOCAL_CACHE = "lokal"
TIMEOUT = 30 * 60  # entries of an old generation simply expire; current ones are rebuilt
# Saving a draft (a new revision) or locking a page writes only these page fields: the live page is unchanged.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "latest_revision_created_at",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


class _Snapshot:
    """What one request has read: the generation, and the registered keys read along with it."""

    __slots__ = ("request", "value", "along")

    def __init__(self, request):
        self.request = request
        self.value: str | None = None
        self.along: dict[str, Any] = {}


# The snapshot of the current request (None outside requests).
_snapshot: contextvars.ContextVar[_Snapshot | None] = contextvars.ContextVar(
    "content_generation", default=None
)
# Functions request -> cache key (or None): values read in the same round trip as the generation.
_read_along: list[Callable[[Any], str | None]] = []


def read_along_with_generation(key_for_request: Callable[[Any], str | None]) -> None:
    """Register a per-request key (e.g. a person's unread count) to be read together with the generation:
    one round trip instead of two. Call it from `AppConfig.ready`; the value comes out through
    `get_with_generation(key)`."""
    if key_for_request not in _read_along:
        _read_along.append(key_for_request)


@contextlib.contextmanager
def generation_snapshot(request=None) -> Iterator[None]:
    """Read the generation at most once inside this block (one request)."""
    token = _snapshot.set(_Snapshot(request))
    try:
        yield
    finally:
        _snapshot.reset(token)


def _read_generation(extra_keys: list[str]) -> tuple[str, dict[str, Any]]:
    if extra_keys:
        values = cache.get_many([GENERATION_KEY, *extra_keys])
        value = values.get(GENERATION_KEY)
        along = {key: values.get(key) for key in extra_keys}
    else:
        value, along = cache.get(GENERATION_KEY), {}
    if value is None:
        cache.add(GENERATION_KEY, str(time.time_ns()), None)
        value = cache.get(GENERATION_KEY)
    return value, along


def generation() -> str:
    """Return the current content generation: one cache read, or the value this request already read."""
    snapshot = _snapshot.get()
    if snapshot is None:
        return _read_generation([])[0]
    if snapshot.value is None:
        request = snapshot.request
        keys = [key for key_for in _read_along if (key := key_for(request))] if request is not None else []
        snapshot.value, snapshot.along = _read_generation(keys)
    return snapshot.value


def get_with_generation(key: str) -> Any:
    """Return `cache.get(key)`; in a request, a value read along with the generation comes from there, and
    in a request that has not read the generation yet both are read in one round trip (the generation is
    kept for the rest of the request)."""
    snapshot = _snapshot.get()
    if snapshot is None:
        return cache.get(key)
    if key in snapshot.along:
        return snapshot.along.pop(key)
    if snapshot.value is not None:
        return cache.get(key)
    snapshot.value, along = _read_generation([key])
    return along[key]


def discard_read_along(keys) -> None:
    """Forget values this request read along with the generation (the request has just changed them)."""
    snapshot = _snapshot.get()
    if snapshot is not None:
        for key in keys:
            snapshot.along.pop(key, None)


def new_generation() -> None:
    """Start a new generation now (no transaction hook; `bump` is what signal handlers call)."""
    value = str(time.time_ns())
    cache.set(GENERATION_KEY, value, None)
    snapshot = _snapshot.get()
    if snapshot is not None:
        snapshot.value = value


def bump(**kwargs) -> None:
    """Invalidate every shared content cache (now, and again when the transaction commits)."""
    new_generation()
    transaction.on_commit(new_generation)


def cached(key: str, build: Callable[[], Any], *, local: bool = False) -> Any:
    """Return `build()` for `key` under the current generation, building it once for everybody.

    `local=True` keeps the value in this process's memory (`LOCAL_CACHE`) instead of the shared cache:
    for small values that many requests read and one cheap query builds (page route ids, whether any
    page has a privacy setting) — each process builds it once per generation and saves a shared-cache
    round trip on every request. `build` must not return None (None means "not cached").
    """
    store = caches[LOCAL_CACHE] if local else cache
    full_key = f"portal:inhalt:{generation()}:{key}"
    value = store.get(full_key)
    if value is None:
        value = build()
        store.set(full_key, value, TIMEOUT)
    return value


# `cached_read_only`: {key: (generation, value)} of this process, the same object for every request of
# one generation (no copy, no round trip); a new generation replaces an entry at its next read.
_read_only: dict[str, tuple[str, Any]] = {}


def cached_read_only(key: str, build: Callable[[], Any]) -> Any:
    """`cached(key, build)`, kept in this process as the same object while the generation stands: for
    values a request only reads (tuples of frozen dataclasses), such as the search's entries of glossary
    terms, authorities and limited events. The first request of a generation in each process reads it from
    the shared cache once (or builds it there for everybody); the others use it without a shared-cache round
    trip or unpickling. Never give out a value a caller may change: every request would see the change."""
    current = generation()
    entry = _read_only.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = cached(key, build)
    _read_only[key] = (current, value)
    return value


def bump_on_change(*models) -> None:
    """Bump the generation whenever a row of one of these models is saved or deleted."""
    for model in models:
        label = model._meta.label
        post_save.connect(bump, sender=model, dispatch_uid=f"content_cache_save_{label}", weak=False)
        post_delete.connect(bump, sender=model, dispatch_uid=f"content_cache_delete_{label}", weak=False)
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                bump,
                sender=field.remote_field.through,
                dispatch_uid=f"content_cache_m2m_{label}_{field.name}",
                weak=False,
            )


def connect_signals() -> None:
    """Changes of editorial content that shared caches depend on."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import COMMENTS_RELATION_NAME, PageViewRestriction, Site, get_page_models
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    draft_only = DRAFT_ONLY_FIELDS | {COMMENTS_RELATION_NAME}

    def on_page_saved(sender, instance, update_fields=None, **kwargs):
        if not (update_fields and set(update_fields) <= draft_only):
            bump()

    # Every page type by name, not a receiver without a sender: a delete listener for all models would keep
    # Django from deleting any model's rows in one statement (it loads them to send the signal), also the
    # log tables (audit entries, sessions, notifications) that are deleted in bulk.
    for model in get_page_models():
        label = model._meta.label
        post_save.connect(
            on_page_saved, sender=model, dispatch_uid=f"content_cache_page_save_{label}", weak=False
        )
        post_delete.connect(
            on_page_saved, sender=model, dispatch_uid=f"content_cache_page_delete_{label}", weak=False
        )
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(bump, dispatch_uid=f"content_cache_{id(signal)}", weak=False)
    bump_on_change(PageViewRestriction, Site, get_document_model(), get_image_model())
