"""Who may do what in the editorial workflow (page rights themselves are Wagtail's, set up in services)."""


def can_publish_emergency(user) -> bool:
    """Only the Geschäftsstelle publishes a page without the second approval (emergency publication)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_geschaeftsstelle)
