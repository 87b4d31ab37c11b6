"""Demo: every demo account finds a first notification in the notification centre (idempotent)."""

from django.utils.translation import gettext as _

from benachrichtigungen.services import benachrichtigen
from demo.context import DemoContext


def seed(ctx: DemoContext) -> None:
    created = benachrichtigen(
        empfaenger=list(ctx.users.values()),
        ereignis_schluessel="demo.willkommen",
        art="portal.willkommen",
        titel=_("Willkommen im Portal: Legen Sie fest, wie Sie benachrichtigt werden"),
        link="/benachrichtigungen/einstellungen/",
        # Demo accounts use made-up addresses: no email for this one.
        zustellung="portal",
    )
    ctx.log(f"Benachrichtigungen: {created} neu")
