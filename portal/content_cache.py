"""Caches of what is identical for every member: rendered page bodies, the glossary's term list, the
Site and whether any page has a privacy restriction, choice lists of reference data
(`portal.form_fields`) and the Gesamtlagedarstellung's figures (`erhebungen.lage.shared_lage`).

Every key contains the *content generation*, a value in the shared cache that changes whenever what
these caches show changes (a page is published, unpublished, moved, deleted or saved other than as a
draft; a glossary term, document, image, Site or privacy setting, an authority, Kreis, Gemeinde,
Fachgebiet or Arbeitskreis, a survey figure changes — see `connect_signals` and the apps'
`bump_on_change` calls, all made in `AppConfig.ready` so that every process bumps it). Nothing is deleted: a new generation simply makes the old entries unreachable,
and they expire after half an hour (so a day of editing cannot fill Redis). The generation changes right
away and once more when the transaction commits, so a request that rendered from not-yet-committed data
cannot leave a stale entry under the new generation.

Only cache here what does not depend on the person: never results of a `visible_to(user)` policy.
"""

import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "portal:inhalt:generation"
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
LOCAL_ENTRIES = 256

# Process-local copies of shared entries, keyed like the shared cache, so a warm worker needs one cache
# round trip per request (the generation) instead of one per entry. Stored pickled: every request gets
# its own objects, nobody can change what another request sees.
_local: OrderedDict[str, bytes] = OrderedDict()
_local_lock = threading.Lock()


def _read_generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, str(time.time_ns()), None)
        value = cache.get(GENERATION_KEY)
    return value


def generation() -> str:
    """Return the current content generation (one cache read; not remembered, so never stale)."""
    return _read_generation()


def new_generation() -> None:
    """Start a new generation now (no transaction hook; `bump` is what signal handlers call)."""
    cache.set(GENERATION_KEY, str(time.time_ns()), None)


def bump(**kwargs) -> None:
    """Invalidate every shared content cache (now, and again when the transaction commits)."""
    new_generation()
    transaction.on_commit(new_generation)


def _remember(key: str, data: bytes) -> None:
    with _local_lock:
        _local[key] = data
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def _get(full_key: str) -> Any:
    with _local_lock:
        data = _local.get(full_key)
    if data is not None:
        return pickle.loads(data)  # noqa: S301 - written by this process
    value = cache.get(full_key)
    if value is not None:
        _remember(full_key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    return value


def _set(full_key: str, value: Any) -> None:
    cache.set(full_key, value, TIMEOUT)
    _remember(full_key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def peek(key: str) -> Any:
    """Return the entry for `key` under the current generation, or None."""
    return _get(f"portal:inhalt:{generation()}:{key}")


def store(key: str, value: Any) -> None:
    """Store an entry for `key` under the current generation (not None)."""
    _set(f"portal:inhalt:{generation()}:{key}", value)


def cached(key: str, build: Callable[[], Any]) -> Any:
    """Return `build()` for `key` under the current generation, building it once for everybody.

    `build` must not return None (None means "not cached").
    """
    full_key = f"portal:inhalt:{generation()}:{key}"
    value = _get(full_key)
    if value is None:
        value = build()
        _set(full_key, value)
    return value


def fragment_key(request, page, node, state: str = "") -> str | None:
    """Cache key of a template part that shows only `page`'s own (live) content, or None when the part
    must not be cached: previews and drafts, pages that are not live, or no page at all.

    Only a page object that the portal's routing found for a live URL (`served_live`, set in
    portal.routing) qualifies; a draft rendered for a preview has the same id and revision numbers but
    never comes through routing."""
    if request is None or getattr(request, "is_preview", False):
        return None
    if page is None or not getattr(page, "served_live", False) or not getattr(page, "live", False):
        return None
    origin = getattr(node, "origin", None)
    token = getattr(node, "token", None)
    where = f"{origin.name if origin else ''}:{token.lineno if token else 0}:{state}"
    digest = hashlib.md5(where.encode()).hexdigest()  # noqa: S324 - a cache key, not security
    return f"fragment:{page.pk}:{page.live_revision_id}:{digest}"


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
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.models.pages import COMMENTS_RELATION_NAME
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    draft_only = DRAFT_ONLY_FIELDS | {COMMENTS_RELATION_NAME}

    def on_page_saved(sender, instance, update_fields=None, **kwargs):
        if isinstance(instance, Page) and not (update_fields and set(update_fields) <= draft_only):
            bump()

    # Every page type is a subclass of Page, so these listen without a sender.
    post_save.connect(on_page_saved, dispatch_uid="content_cache_page_save", weak=False)
    post_delete.connect(on_page_saved, dispatch_uid="content_cache_page_delete", weak=False)
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(bump, dispatch_uid=f"content_cache_{id(signal)}", weak=False)
    bump_on_change(PageViewRestriction, Site, get_document_model(), get_image_model())
