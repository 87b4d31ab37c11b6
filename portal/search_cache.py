"""The cache of the portal search's answers (`portal.search.run`), correct after every write.

A search answer depends on the person (what each section's `visible_to` lets them see), the query, the
filters and the data of every searchable section. The cached answer (`SearchResult`: counts, hits with
already-escaped snippets, the spelling suggestion) is keyed by

- the person's id (every provider's visibility is the person's: their groups, authority, Arbeitskreise,
  object permissions, authorship — no coarser key is claimed),
- the normalised query, Fachgebiet, section and sort (`run`'s arguments, hashed),
- the active language and the script prefix (labels and reversed URLs in the hits),
- the *search generation* (below) and the *content generation* (`portal.content_cache`: CMS pages,
  glossary, authorities, Fachgebiete — the shared lists some providers read),
- the release id (CACHES KEY_PREFIX, settings PORTAL_RELEASE), as every key of the project.

The search generation is a value in the shared cache that changes on every write that can change a
search answer or anybody's visibility. The rule is broad so that it cannot miss: a save, delete or
many-to-many change of **any** model of any installed app (the project's apps, auth groups and
permissions, guardian, Wagtail, taggit, allauth …) renews it, except the short `NOT_SEARCH_RELEVANT`
list of log models written while people read pages (audit entries, read markers, notifications, sessions,
newsletter deliveries) and a person's login-time stamps (`LOG_ONLY_FIELDS`). Writes that send no signal
(`QuerySet.update`, `bulk_create`, `bulk_update`, raw SQL) call `changed()` themselves;
`tests/test_search_cache.py` fails when such a write to a model outside that list appears in a function
that does not. Like the content generation it changes at once and again when the transaction commits, so
a request that searched while the write was not yet committed cannot leave a stale answer under the new
generation. Nothing is deleted: old entries become unreachable and expire (`TIMEOUT`).
"""

import hashlib
import uuid

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import get_script_prefix
from django.utils import translation

from . import content_cache

GENERATION_KEY = "portal:suche:generation"
TIMEOUT = 10 * 60  # answers of an old generation simply expire; a person's repeated search is served

# Log and marker models written while people read pages or by delivery workers: they change no search
# answer and nobody's visibility, and renewing the generation on them would empty the cache on every view.
NOT_SEARCH_RELEVANT = frozenset(
    {
        "audit.AuditEntry",  # audit entries (written on reads of reports, files, logins)
        "austausch.Lesestand",  # how far a person has read a thread (written on every thread view)
        "benachrichtigungen.Benachrichtigung",  # notifications and their read markers
        "newsletter.Zustellung",  # one delivery row per recipient, written by the sending worker
        "sessions.Session",
    }
)
# Saves that write only these fields change nothing a search shows or filters by (the login stamps).
LOG_ONLY_FIELDS = {"accounts.User": frozenset({"last_login", "letzter_besuch"})}


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def changed(**kwargs) -> None:
    """Renew the search generation now and again when the transaction commits. Signal handlers call it,
    and every write that sends no signal (`QuerySet.update`, `bulk_create`, `bulk_update`, raw SQL) to a
    model outside `NOT_SEARCH_RELEVANT`."""
    _new_generation()
    transaction.on_commit(_new_generation)


def generation() -> str:
    """The current search generation (in a request read in one round trip with the content generation
    when the search registered it, see `portal.search`)."""
    value = content_cache.get_with_generation(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        value = cache.get(GENERATION_KEY)
    return value


def read_along_key(request) -> str | None:
    """For `content_cache.read_along_with_generation`: a request with a query (`?q=`, the search page)
    reads the search generation in the same round trip as the content generation."""
    return GENERATION_KEY if "q" in request.GET else None


def key(user, *parts) -> str | None:
    """The cache key of one search answer for this person, or None (nobody signed in: not cached)."""
    if user is None or not getattr(user, "is_authenticated", False) or user.pk is None:
        return None
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    language = translation.get_language() or ""
    return (
        f"portal:suche:{generation()}:{content_cache.generation()}:{user.pk}:"
        f"{language}:{get_script_prefix()}:{digest}"
    )


def get(cache_key: str):
    return cache.get(cache_key)


def put(cache_key: str, value) -> None:
    cache.set(cache_key, value, TIMEOUT)


def _on_save(sender, update_fields=None, **kwargs):
    ignored = LOG_ONLY_FIELDS.get(sender._meta.label)
    if ignored and update_fields and set(update_fields) <= ignored:
        return
    changed()


def _on_m2m(sender, action, **kwargs):
    if action.startswith("post_"):
        changed()


def relevant_models() -> list:
    """Every model whose saves, deletes and many-to-many changes renew the search generation."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label not in NOT_SEARCH_RELEVANT
    ]


def connect_signals() -> None:
    """Listen to every model outside `NOT_SEARCH_RELEVANT` (call once, from `PortalConfig.ready`)."""
    for model in relevant_models():
        label = model._meta.label
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search_cache_save_{label}", weak=False)
        post_delete.connect(changed, sender=model, dispatch_uid=f"search_cache_delete_{label}", weak=False)
        # Auto-created through tables and explicit ones (e.g. guardian's permission tables) alike.
        m2m_changed.connect(_on_m2m, sender=model, dispatch_uid=f"search_cache_m2m_{label}", weak=False)
