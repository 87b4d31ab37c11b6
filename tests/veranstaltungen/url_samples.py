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
