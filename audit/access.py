"""Who may read the audit log: the Geschäftsstelle everything, an Ansprechpartner entries about their staff.

Which entries each may read is `AuditEntry.objects.visible_to(user)`; this predicate decides whether
the log page opens at all.
"""


def can_view_audit_log(user) -> bool:
    """May open the audit log (Geschäftsstelle: everything; Ansprechpartner: own staff)."""
    return user.is_authenticated and user.is_active and (user.is_geschaeftsstelle or user.is_ansprechpartner)
