"""Who may configure identity providers: the Geschäftsstelle only. The login chooser is public."""


def can_manage_identitaetsanbieter(user) -> bool:
    return user.is_authenticated and user.is_geschaeftsstelle
