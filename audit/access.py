"""Who may read the audit log: the Geschäftsstelle everything, an Ansprechpartner entries about their staff.

`can_view_audit_log` decides whether the log page opens at all; `visibility_filter` is the rule behind
`AuditEntry.objects.visible_to(user)`; `reads_every_behoerde` whether the filter by authority is offered.
"""

from django.db.models import Q


def can_view_audit_log(user) -> bool:
    """May open the audit log (Geschäftsstelle: everything; Ansprechpartner: own staff)."""
    return user.is_authenticated and user.is_active and (user.is_geschaeftsstelle or user.is_ansprechpartner)


def reads_every_behoerde(user) -> bool:
    """The Geschäftsstelle reads the entries of every authority (and may filter by authority)."""
    return can_view_audit_log(user) and user.is_geschaeftsstelle


def visibility_filter(user) -> Q:
    """Return the Q object behind `AuditEntry.objects.visible_to(user)`."""
    if not can_view_audit_log(user):
        return Q(pk__in=[])
    if reads_every_behoerde(user):
        return Q()
    return Q(behoerde_id=user.behoerde_id)
