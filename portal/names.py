"""How the portal names a person, from an account's fields, so that rows read with `values()` and
federation data name people exactly as `accounts.User` does (its `__str__`: Django's full name, else email)."""


def person_name(first_name: str, last_name: str, email: str) -> str:
    """Full name ("first last"), else the email address."""
    return f"{first_name} {last_name}".strip() or email
