"""The person page's sections from other apps (confirmed terms, federated links) as one fragment cache.

`/konto/personen/<id>/` shows a person's confirmations of the Nutzungsbedingungen and the VS-NfD-Merkblatt
(rechtliches) and their links to an authority's identity provider (foederation): two queries and two
templates on every view of a page that is otherwise one row. The template keeps them in a `{% cache %}`
fragment in the process-local cache "lokal" whose vary-on values name everything it shows:

- the person (`person.pk`) and this *section version*: a random token per person in the shared cache,
  renewed whenever one of the person's confirmations or federated links is saved or deleted (the apps
  call `bump` from their signal handlers, right away and once more when the transaction commits);
- the content generation (a terms version's title and number: Regelwerk renews it) and the language
  and script prefix (`layout_variant`); the release is the cache's key prefix.

The view reads the version *before* the template reads the rows, so a fragment rendered from rows that
were about to change is stored under the old version, which nobody asks for after the bump. A token
that expired or was evicted is simply replaced by a new one (the fragment is rendered anew). Nothing in
the fragment depends on who looks at the page (whoever may open it sees the same rows) and it holds no
CSRF token (the remove buttons submit one form outside the fragment through their `form` attribute).
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

VERSION_TIMEOUT = 7 * 24 * 3600  # an expired token only means one more render


def _key(user_id) -> str:
    return f"accounts:person-abschnitte:{user_id}"


def sections_version(user_id) -> str:
    """Return the person's current section version (one shared-cache read; created when missing)."""
    key = _key(user_id)
    value = cache.get(key)
    if value is None:
        value = uuid.uuid4().hex
        if not cache.add(key, value, VERSION_TIMEOUT):
            value = cache.get(key) or value
    return value


def bump(user_id) -> None:
    """Give the person's sections a new version now and again when the current transaction commits."""
    if user_id is None:
        return

    def renew() -> None:
        cache.set(_key(user_id), uuid.uuid4().hex, VERSION_TIMEOUT)

    renew()
    transaction.on_commit(renew)


def bump_on_change(model) -> None:
    """Renew the owner's section version whenever a row of `model` (with a `user_id`) is saved or deleted."""

    def handler(sender, instance, **kwargs) -> None:
        bump(instance.user_id)

    label = model._meta.label
    post_save.connect(handler, sender=model, dispatch_uid=f"person_page_save_{label}", weak=False)
    post_delete.connect(handler, sender=model, dispatch_uid=f"person_page_delete_{label}", weak=False)
