"""Plain functions that create test data, for fixtures and for shared test data built once per process
(`tests.conftest.SharedTestData`), where function-scoped fixtures cannot be asked for.

The numbers in generated names and addresses come from one counter per process, so data built once per
process and data a test builds on top of it never share an address.
"""

import itertools

_numbers = itertools.count(1)


def make_behoerde(name=None, art=None, **kwargs):
    """Create an authority (a Kommune unless `art` says otherwise)."""
    from behoerden.models import Behoerde

    number = next(_numbers)
    return Behoerde.objects.create(
        name=name or f"Testbehörde {number}", art=art or Behoerde.Art.KOMMUNE, **kwargs
    )


def make_user(
    role="mitglied", behoerde=None, email=None, password="Test-Passwort-123!", confirmed=True, **kwargs
):
    """Create a person: role one of mitglied, ansprechpartner, redaktion, geschaeftsstelle; like the demo
    accounts, with the current Nutzungsbedingungen and Merkblatt confirmed unless `confirmed=False`."""
    from accounts.models import Rolle, User
    from accounts.roles import user_set_portal_roles
    from rechtliches.services import regelwerk_confirm_current_for

    number = next(_numbers)
    if behoerde is None:
        behoerde = make_behoerde()
    user = User.objects.create_user(
        email=email or f"person{number}@example.org",
        password=password,
        behoerde=behoerde,
        first_name=kwargs.pop("first_name", "Vorname"),
        last_name=kwargs.pop("last_name", f"Nachname{number}"),
        rolle=Rolle.ANSPRECHPARTNER if role == "ansprechpartner" else Rolle.MITGLIED,
        **kwargs,
    )
    if role in ("redaktion", "geschaeftsstelle"):
        user_set_portal_roles(user=user, redaktion=True, geschaeftsstelle=role == "geschaeftsstelle", by=None)
    if confirmed:
        regelwerk_confirm_current_for(users=[user])
    return user
