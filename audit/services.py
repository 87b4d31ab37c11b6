"""Write audit entries. The only way entries come into being."""

from typing import Any

from django.db import models

from .context import current_origin, origin_of
from .models import Aktion, AuditEntry


def storable(value):
    """`value` with every NUL character replaced by U+FFFD, in strings, dict keys and lists at any depth.

    PostgreSQL keeps no NUL in text or jsonb columns, and a refused input may carry one into an entry (a form
    error quotes the invalid choice): the entry is written with the replacement character instead of the
    request failing, and shows that something unprintable was sent."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [storable(item) for item in value]
    return value


def audit_log(
    *,
    aktion: Aktion | str,
    actor=None,
    request=None,
    objekt: models.Model | None = None,
    objekt_typ: str = "",
    objekt_id: str | int = "",
    objekt_repr: str = "",
    behoerde=None,
    subject=None,
    **details: Any,
) -> AuditEntry:
    """Append one entry. `behoerde` defaults to the subject's, the object's or the actor's authority.

    `aktion` must be an Aktion (a ValueError names anything else). The client address and user agent
    come from `request`, else from the request being handled (see audit.context).
    """
    aktion = Aktion(aktion)
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if objekt is not None:
        objekt_typ = objekt_typ or objekt._meta.label_lower
        objekt_id = objekt_id or objekt.pk
        objekt_repr = objekt_repr or str(objekt)[:300]
    if behoerde is None:
        for candidate in (subject, objekt, actor):
            behoerde_id = getattr(candidate, "behoerde_id", None)
            if behoerde_id:
                behoerde = behoerde_id
                break
    origin = origin_of(request) if request is not None and hasattr(request, "META") else current_origin()
    actor_behoerde = getattr(actor, "behoerde", None) if actor is not None else None
    entry = AuditEntry(
        aktion=aktion.value,
        actor=actor,
        actor_repr=storable(f"{actor} <{actor.email}>" if actor is not None else "")[:300],
        actor_behoerde_repr=storable(str(actor_behoerde or ""))[:300],
        subject=subject,
        objekt_typ=objekt_typ,
        objekt_id=storable(str(objekt_id or "")),
        objekt_repr=storable(objekt_repr)[:300],
        ip=origin.ip if origin else None,
        user_agent=storable(origin.user_agent) if origin else "",
        details=storable({k: v for k, v in details.items() if v is not None}),
    )
    if isinstance(behoerde, int):
        entry.behoerde_id = behoerde
    else:
        entry.behoerde = behoerde
    entry.save()
    return entry
