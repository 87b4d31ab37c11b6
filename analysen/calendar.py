"""iCalendar invitation of a Fallbesprechung: time and the portal link only — no case content (the
place and video link are read in the portal, the email may leave the closed user group)."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def invitation_ical(besprechung) -> bytes:
    """Return a REQUEST calendar with one event for the conference."""
    host = settings.PORTAL_BASE_URL.split("//")[-1].split("/")[0] or "siko-ruhr"
    calendar = Calendar()
    calendar.add("prodid", "-//SiKo Ruhr Portal//360-Analysen//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"fallbesprechung-{besprechung.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", besprechung.beginn)
    event.add("dtend", besprechung.beginn + datetime.timedelta(minutes=besprechung.dauer_minuten))
    event.add("summary", f"Fallbesprechung {besprechung.vorgang.aktenzeichen}")
    event.add("description", "Ort, Zugang und Tagesordnung im SiKo Ruhr Portal.")
    event.add("url", f"{settings.PORTAL_BASE_URL}{besprechung.vorgang.get_absolute_url()}")
    calendar.add_component(event)
    return calendar.to_ical()
