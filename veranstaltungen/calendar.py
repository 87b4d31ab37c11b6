"""iCalendar (RFC 5545) export of Fachveranstaltungen."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

PRODID = "-//Sicherheitskooperation Ruhr//SiKo Ruhr Portal//DE"


def build_calendar(
    veranstaltungen, *, url_for, name: str, details: bool = True, online_link_ids=frozenset()
) -> bytes:
    """Return an iCalendar document with one VEVENT per event, times in Europe/Berlin with VTIMEZONE.

    The online access link is written only for the events in `online_link_ids` (those the person is
    registered for or organises, see `access.online_link_event_ids`), as on the event page.
    `details=False` (the subscription feed, read by calendar services outside the closed user group):
    title, time, place and the portal link only; no description, no online access link."""
    tz = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for veranstaltung in veranstaltungen:
        event = Event()
        event.add("uid", f"veranstaltung-{veranstaltung.pk}@siko-ruhr-portal")
        event.add("dtstamp", stamp)
        event.add("dtstart", veranstaltung.beginn.astimezone(tz))
        event.add("dtend", veranstaltung.ende.astimezone(tz))
        event.add("summary", veranstaltung.title)
        location = veranstaltung.ort or ("Online" if veranstaltung.online_link else "")
        if location:
            event.add("location", location)
        url = url_for(veranstaltung)
        if details:
            description = strip_tags(veranstaltung.beschreibung or "").strip()
            if veranstaltung.online_link and veranstaltung.pk in online_link_ids:
                description = f"{description}\n\nOnline-Zugang: {veranstaltung.online_link}".strip()
            if description:
                event.add("description", description)
        else:
            event.add("description", "Details nach Anmeldung im SiKo Ruhr Portal.")
        if url:
            event.add("url", url)
        if veranstaltung.last_published_at:
            event.add("last-modified", veranstaltung.last_published_at)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
