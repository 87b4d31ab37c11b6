"""Who may read the glossary: every portal member reads every term (the one rule of this app).

The A–Z page, the term pages and the search provider ask
`can_read_glossary`; `GlossarBegriff.objects.visible_to(user)` filters with `visibility_filter`.
"""

from django.db.models import Q


def can_read_glossary(user) -> bool:
    """Every active portal member may read the whole glossary."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def visibility_filter(user) -> Q:
    """Return the Q object behind `GlossarBegriff.objects.visible_to(user)`: all terms or none."""
    return Q() if can_read_glossary(user) else Q(pk__in=[])
