"""Registration, participant lists and calendar export of Fachveranstaltungen (mounted at /kalender/)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import Aktion
from audit.services import audit_log
from portal import content_cache
from portal.access import deny, get_visible_or_404, public
from portal.confirmation import Confirmation, ask_first
from portal.exports import SafeCsvWriter
from portal.page_urls import site_root_paths, url_for_path

from . import services
from .access import online_link_event_ids
from .calendar import build_calendar
from .models import Anmeldung, KalenderAbo, VeranstaltungIndexPage, VeranstaltungPage

# The fresh feed token, kept in the session only until the calendar page has shown it once.
NEW_ABO_TOKEN_SESSION_KEY = "siko_kalender_abo_token"


def _visible_event(request, pk: int) -> VeranstaltungPage:
    return get_visible_or_404(request, VeranstaltungPage.objects.visible_to(request.user), pk=pk)


def _organised_event(request, pk: int) -> VeranstaltungPage:
    veranstaltung = _visible_event(request, pk)
    if not veranstaltung.is_organiser(request.user):
        deny(request, objekt=veranstaltung, grund="keine Organisation")
    return veranstaltung


def _page_url(request):
    def url_for(page) -> str:
        return request.build_absolute_uri(page.get_url(request))

    return url_for


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _index_url() -> str:
    index = VeranstaltungIndexPage.objects.live().first()
    return (index.url or "") if index else ""


@require_GET
def kalender(request):
    """The calendar overview: the events page and the personal feed."""
    index_url = content_cache.cached("veranstaltungen:index-url", _index_url, local=True)
    new_token = request.session.pop(NEW_ABO_TOKEN_SESSION_KEY, None)
    abo = KalenderAbo.objects.filter(user=request.user).first()
    root_paths = site_root_paths()
    abo_url = None
    if new_token and abo is not None:
        abo_url = request.build_absolute_uri(reverse("veranstaltungen:abo_feed", args=[new_token]))
    return render(
        request,
        "veranstaltungen/kalender.html",
        {
            "index_url": index_url,
            # Each event with its URL from Wagtail's cached site root paths (no Site lookup per request).
            "kommende": [
                (veranstaltung, url_for_path(veranstaltung.url_path, root_paths))
                for veranstaltung in services.upcoming_events(request.user, limit=50)
            ],
            "abo": abo,
            "abo_url": abo_url,
        },
    )


@require_POST
def abo_erstellen(request):
    """Create or renew the personal subscription URL; it is shown once on the calendar page."""
    renewed = KalenderAbo.objects.filter(user=request.user).exists()
    request.session[NEW_ABO_TOKEN_SESSION_KEY] = services.kalender_abo_create(user=request.user)
    if renewed:
        messages.success(
            request,
            _(
                "Ihre Abonnement-Adresse wurde erneuert. Die bisherige Adresse funktioniert nicht mehr; "
                "tragen Sie die neue in Ihrem Kalenderprogramm ein."
            ),
        )
    else:
        messages.success(request, _("Ihre persönliche Abonnement-Adresse wurde erstellt."))
    return redirect("veranstaltungen:kalender")


@require_http_methods(["GET", "POST"])
def abo_widerrufen(request):
    """Revoke the personal subscription URL, after asking (nothing to ask without one)."""
    if not KalenderAbo.objects.filter(user=request.user).exists():
        messages.info(request, _("Sie hatten kein Kalender-Abonnement."))
        return redirect("veranstaltungen:kalender")
    page = ask_first(
        request,
        Confirmation(
            title=_("Kalender-Abonnement beenden?"),
            what_happens=_(
                "Die Abonnement-Adresse liefert danach keine Termine mehr; Kalenderprogramme, die sie "
                "abonniert haben, zeigen keine neuen Termine."
            ),
            submit_label=_("Abonnement beenden"),
            cancel_url=reverse("veranstaltungen:kalender"),
        ),
    )
    if page is not None:
        return page
    if services.kalender_abo_revoke(user=request.user):
        messages.success(
            request,
            _("Ihr Kalender-Abonnement wurde beendet. Die Adresse liefert keine Termine mehr."),
        )
    else:
        messages.info(request, _("Sie hatten kein Kalender-Abonnement."))
    return redirect("veranstaltungen:kalender")


@public
@require_GET
def abo_feed(request, token: str):
    """The subscription feed for calendar apps: no portal session, the secret token names the person.

    Unknown, revoked and deactivated alike answer 404. Only events this person may see, without details."""
    user = services.kalender_abo_user(token)
    if user is None:
        raise Http404
    veranstaltungen = VeranstaltungPage.objects.visible_to(user).order_by("beginn")
    content = build_calendar(
        veranstaltungen,
        url_for=_page_url(request),
        name=_("SiKo Ruhr – Fachveranstaltungen"),
        details=False,
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def feed(request):
    """All events this person may see as one iCalendar feed."""
    veranstaltungen = list(VeranstaltungPage.objects.visible_to(request.user).order_by("beginn"))
    content = build_calendar(
        veranstaltungen,
        url_for=_page_url(request),
        name=_("SiKo Ruhr – Fachveranstaltungen"),
        online_link_ids=online_link_event_ids(request.user, [v.pk for v in veranstaltungen]),
    )
    return _ics_response(content, "siko-ruhr-veranstaltungen.ics")


@require_GET
def event_ics(request, pk: int):
    veranstaltung = _visible_event(request, pk)
    content = build_calendar(
        [veranstaltung],
        url_for=_page_url(request),
        name=veranstaltung.title,
        online_link_ids=online_link_event_ids(request.user, [veranstaltung.pk]),
    )
    return _ics_response(content, f"veranstaltung-{veranstaltung.pk}.ics")


@require_POST
def anmelden(request, pk: int):
    veranstaltung = _visible_event(request, pk)
    try:
        anmeldung = services.anmeldung_create(veranstaltung=veranstaltung, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if anmeldung.status == Anmeldung.Status.WARTELISTE:
            messages.warning(
                request,
                _(
                    "Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste (Platz %(platz)d) und "
                    "rücken automatisch nach, sobald ein Platz frei wird."
                )
                % {"platz": anmeldung.warteplatz()},
            )
        else:
            messages.success(request, _("Sie sind angemeldet."))
    return redirect(veranstaltung.get_url(request))


@require_http_methods(["GET", "POST"])
def abmelden(request, pk: int):
    """Cancel one's registration, after asking (a freed place goes to the waiting list)."""
    veranstaltung = _visible_event(request, pk)
    page = ask_first(
        request,
        Confirmation(
            title=_("Anmeldung zu „%(titel)s“ stornieren?") % {"titel": veranstaltung.title},
            what_happens=_(
                "Ihr Platz wird frei und geht an die nächste Person auf der Warteliste. Wenn Sie sich später "
                "wieder anmelden, ist ein Platz nicht sicher."
            ),
            submit_label=_("Anmeldung stornieren"),
            cancel_url=veranstaltung.get_url(request),
        ),
    )
    if page is not None:
        return page
    try:
        services.anmeldung_cancel(veranstaltung=veranstaltung, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Ihre Anmeldung wurde storniert."))
    return redirect(veranstaltung.get_url(request))


def _participants(veranstaltung):
    return (
        Anmeldung.objects.filter(veranstaltung=veranstaltung)
        .select_related("user", "user__behoerde")
        .order_by("status", "created_at", "pk")
    )


@require_GET
def teilnehmende(request, pk: int):
    """Participant list for the organisers (Redaktion, Geschäftsstelle, the event's organisers)."""
    veranstaltung = _organised_event(request, pk)
    anmeldungen = list(_participants(veranstaltung))
    return render(
        request,
        "veranstaltungen/teilnehmende.html",
        {
            "veranstaltung": veranstaltung,
            "angemeldet": [a for a in anmeldungen if a.status == Anmeldung.Status.ANGEMELDET],
            "warteliste": [a for a in anmeldungen if a.status == Anmeldung.Status.WARTELISTE],
            "storniert": [a for a in anmeldungen if a.status == Anmeldung.Status.STORNIERT],
        },
    )


@require_GET
def teilnehmende_csv(request, pk: int):
    veranstaltung = _organised_event(request, pk)
    anmeldungen = list(_participants(veranstaltung))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="teilnehmende-{veranstaltung.pk}.csv"'
    response.write("\ufeff")  # BOM so that spreadsheet programs read UTF-8
    writer = SafeCsvWriter(response)
    writer.writerow(["Nachname", "Vorname", "E-Mail", "Behörde", "Status", "Angemeldet am"])
    for anmeldung in anmeldungen:
        user = anmeldung.user
        writer.writerow(
            [
                user.last_name,
                user.first_name,
                user.email,
                user.behoerde.name if user.behoerde else "",
                anmeldung.get_status_display(),
                anmeldung.created_at.strftime("%d.%m.%Y %H:%M"),
            ]
        )
    audit_log(
        aktion=Aktion.EXPORT,
        request=request,
        objekt=veranstaltung,
        format="csv",
        art="teilnehmendenliste",
        zeilen=len(anmeldungen),
    )
    return response
