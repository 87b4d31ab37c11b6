"""iCalendar invitation of a Fallbesprechung (RFC 5545/5546, iTIP): time and the portal link only — no
case content (the place, video link and agenda are read in the portal; the email may leave the closed
user group).

One stable UID per conference; every change sent out raises its SEQUENCE; a cancellation is a CANCEL
with the same UID. Each email carries the recipient as the only ATTENDEE (the other invited people are
case information) with RSVP=TRUE; the answer that counts is given in the portal, where the email links.
"""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

METHOD_REQUEST = "REQUEST"
METHOD_CANCEL = "CANCEL"
PARTSTAT = {"offen": "NEEDS-ACTION", "zugesagt": "ACCEPTED", "abgesagt": "DECLINED"}


def event_uid(besprechung) -> str:
    host = settings.PORTAL_BASE_URL.split("//")[-1].split("/")[0].split(":")[0] or "siko-ruhr"
    return f"fallbesprechung-{besprechung.pk}@{host}"


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    for key, value in params.items():
        address.params[key.replace("_", "-")] = vText(value)
    return address


def invitation_ical(besprechung, einladung) -> bytes:
    """Return the REQUEST (or, once cancelled, the CANCEL) for one invited person."""
    cancelled = besprechung.abgesagt_am is not None
    calendar = Calendar()
    calendar.add("prodid", "-//SiKo Ruhr Portal//360-Analysen//DE")
    calendar.add("version", "2.0")
    calendar.add("method", METHOD_CANCEL if cancelled else METHOD_REQUEST)
    event = Event()
    event.add("uid", event_uid(besprechung))
    event.add("sequence", besprechung.sequenz)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", besprechung.beginn)
    event.add("dtend", besprechung.ende)
    event.add("summary", f"Fallbesprechung {besprechung.vorgang.aktenzeichen}")
    event.add("description", "Ort, Zugang und Tagesordnung sowie Zu- und Absage im SiKo Ruhr Portal.")
    event.add("url", f"{settings.PORTAL_BASE_URL}{besprechung.vorgang.get_absolute_url()}#fallbesprechungen")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    lead = besprechung.vorgang.fallfuehrung
    event.add("organizer", _address(lead.email, lead.get_full_name()))
    person = einladung.person
    event.add(
        "attendee",
        _address(
            person.email,
            person.get_full_name(),
            role="REQ-PARTICIPANT",
            partstat=PARTSTAT.get(einladung.antwort, "NEEDS-ACTION"),
            rsvp="TRUE",
        ),
    )
    calendar.add_component(event)
    return calendar.to_ical()
