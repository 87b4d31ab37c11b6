"""Write audit entries. The only way entries come into being."""

from typing import Any

from django.db import models

from .context import current_origin, origin_of
from .models import Aktion, AuditEntry


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
        actor_repr=(f"{actor} <{actor.email}>" if actor is not None else "")[:300],
        actor_behoerde_repr=str(actor_behoerde or "")[:300],
        subject=subject,
        objekt_typ=objekt_typ,
        objekt_id=str(objekt_id or ""),
        objekt_repr=objekt_repr[:300],
        ip=origin.ip if origin else None,
        user_agent=origin.user_agent if origin else "",
        details={k: v for k, v in details.items() if v is not None},
    )
    if isinstance(behoerde, int):
        entry.behoerde_id = behoerde
    else:
        entry.behoerde = behoerde
    entry.save()
    return entry
