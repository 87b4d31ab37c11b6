"""URL samples for the quality gates: accounts pages with real demo objects."""

from tests.url_inventory import register_sample


def _person():
    from accounts.models import User

    user = User.objects.filter(email="mitglied@pp-essen.nrw.de").first()
    return {"pk": user.pk} if user else None


def _einladung():
    from accounts.models import Einladung

    einladung = Einladung.objects.order_by("pk").first()
    return {"pk": einladung.pk} if einladung else None


register_sample("accounts:person", _person)
register_sample(
    "accounts:person_aktion", lambda: {**_person(), "aktion": "rezertifizieren"} if _person() else None
)
register_sample("accounts:einladung_widerrufen", _einladung)
# A syntactically valid but unknown token: the public page answers with its neutral refusal.
register_sample("accounts:einladung", lambda: {"token": "unbekannter-einladungstoken"})
