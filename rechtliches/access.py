"""Who may work through the accessibility feedback: the Geschäftsstelle."""


def can_handle_rueckmeldungen(user) -> bool:
    return user.is_authenticated and user.is_geschaeftsstelle
