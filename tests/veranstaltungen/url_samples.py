"""URL samples for the quality gates: a demo event open to every member."""

from tests.url_inventory import register_sample


def _veranstaltung():
    from veranstaltungen.models import VeranstaltungPage

    page = VeranstaltungPage.objects.live().filter(zulassungen__isnull=True).order_by("pk").first()
    return {"pk": page.pk} if page else None


for _name in (
    "veranstaltungen:ics",
    "veranstaltungen:anmelden",
    "veranstaltungen:abmelden",
    "veranstaltungen:teilnehmende",
    "veranstaltungen:teilnehmende_csv",
):
    register_sample(_name, _veranstaltung)


def _abo_feed():
    from accounts.models import User
    from veranstaltungen.services import kalender_abo_create

    user = User.objects.filter(is_active=True, behoerde__isnull=False).order_by("pk").first()
    return {"token": kalender_abo_create(user=user)} if user else None


register_sample("veranstaltungen:abo_feed", _abo_feed)
