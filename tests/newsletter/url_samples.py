"""URL samples for the quality gates: demo newsletter issues and signed links."""

from tests.url_inventory import register_sample


def _ausgabe():
    from newsletter.models import Ausgabe

    ausgabe = Ausgabe.objects.order_by("pk").first()
    return {"pk": ausgabe.pk} if ausgabe else None


def _token(purpose):
    from accounts.models import User
    from newsletter.tokens import link_token_make

    user = User.objects.filter(email="mitglied@pp-essen.nrw.de").first()
    return {"token": link_token_make(user_id=user.pk, purpose=purpose)} if user else None


def _preferences_token():
    from newsletter.tokens import PURPOSE_PREFERENCES

    return _token(PURPOSE_PREFERENCES)


def _unsubscribe_token():
    from newsletter.tokens import PURPOSE_UNSUBSCRIBE

    return _token(PURPOSE_UNSUBSCRIBE)


for _name in (
    "newsletter:archiv_detail",
    "newsletter:verwaltung_detail",
    "newsletter:vorschau",
    "newsletter:aktion",
):
    register_sample(_name, _ausgabe)
register_sample("newsletter:einstellungen_link", _preferences_token)
register_sample("newsletter:abmelden", _unsubscribe_token)
