"""Directory writes."""

from audit.models import Aktion
from audit.services import audit_log

from .models import Behoerde


def behoerde_update(*, behoerde: Behoerde, data: dict, by) -> Behoerde:
    """Save the changed fields of an authority's entry and audit which fields changed."""
    changed = [field for field, value in data.items() if getattr(behoerde, field) != value]
    for field in changed:
        setattr(behoerde, field, data[field])
    if changed:
        behoerde.save()
        audit_log(
            aktion=Aktion.BEHOERDE_GEAENDERT, actor=by, objekt=behoerde, behoerde=behoerde, felder=changed
        )
    return behoerde
