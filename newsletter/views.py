"""Newsletter views: archive, preferences (also via signed email links), one-click unsubscribe,
and the Redaktion's / Geschäftsstelle's workflow and progress pages."""

import datetime

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from portal.access import get_visible_or_404, public, require
from portal.confirmation import Confirmation, ask_first

from . import access, services
from .digest import digest_for
from .emails import IssueContent, build_message
from .forms import AktionForm, EinstellungForm
from .models import Ausgabe, AusgabeStatus, Zustellung, ZustellungStatus
from .tokens import PURPOSE_PREFERENCES, PURPOSE_UNSUBSCRIBE, InvalidLink, link_token_read

INVALID_LINK = "Dieser Link ist ungültig oder abgelaufen. Es wurde nichts geändert."


def archiv(request):
    """All sent issues this person may read, newest first."""
    page = Paginator(Ausgabe.objects.archive_for(request.user), 20).get_page(request.GET.get("seite"))
    return render(request, "newsletter/archiv.html", {"page": page})


def archiv_detail(request, pk):
    """The editorial part of a sent issue and the digest items recorded for this person only."""
    ausgabe = get_visible_or_404(request, Ausgabe.objects.archive_for(request.user), pk=pk)
    zustellung = Zustellung.objects.filter(
        ausgabe=ausgabe, empfaenger=request.user, status=ZustellungStatus.SENT
    ).first()
    content = IssueContent.from_ausgabe(ausgabe)
    return render(
        request,
        "newsletter/archiv_detail.html",
        {"ausgabe": ausgabe, "content": content, "digest": zustellung.digest if zustellung else []},
    )


@require_http_methods(["GET", "POST"])
def einstellungen(request):
    """Topics and newsletter on/off for the logged-in person."""
    einstellung = services.einstellung_for(request.user)
    initial = {"fachgebiete": list(einstellung.fachgebiete.all()) if einstellung.pk else []}
    form = EinstellungForm(request.POST or None, instance=einstellung, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.einstellung_update(
            user=request.user, aktiv=form.cleaned_data["aktiv"], fachgebiete=form.cleaned_data["fachgebiete"]
        )
        messages.success(request, _("Ihre Newsletter-Einstellungen wurden gespeichert."))
        return redirect("newsletter:einstellungen")
    return render(request, "newsletter/einstellungen.html", {"form": form})


def einstellungen_link(request, token):
    """Signed link from the email. Login comes first (middleware); the link must belong to this person."""
    try:
        user_id = link_token_read(token, purpose=PURPOSE_PREFERENCES)
    except InvalidLink:
        user_id = None
    if user_id != request.user.pk:
        return render(request, "newsletter/link_ungueltig.html", {"meldung": _(INVALID_LINK)}, status=400)
    return redirect("newsletter:einstellungen")


@public
@csrf_exempt
@require_http_methods(["GET", "POST"])
def abmelden(request, token):
    """One-click unsubscribe (RFC 8058): POST with a valid signed token switches the newsletter off.

    Public because mail clients post without a session; the signed token is the authorisation, and GET
    only shows a confirmation button (link scanners must not unsubscribe anyone).
    """
    try:
        user_id = link_token_read(token, purpose=PURPOSE_UNSUBSCRIBE)
    except InvalidLink:
        return render(request, "newsletter/link_ungueltig.html", {"meldung": _(INVALID_LINK)}, status=400)
    if request.method == "POST":
        if not services.newsletter_unsubscribe(user_id=user_id):
            return render(request, "newsletter/link_ungueltig.html", {"meldung": _(INVALID_LINK)}, status=400)
        return render(request, "newsletter/abgemeldet.html", {"erledigt": True})
    return render(request, "newsletter/abgemeldet.html", {"erledigt": False, "token": token})


def verwaltung(request):
    """Issues and their status, for the Redaktion and the Geschäftsstelle (404 for everyone else)."""
    require(request, access.can_manage_ausgaben(request.user))
    qs = Ausgabe.objects.manageable_by(request.user)
    page = Paginator(qs.select_related("freigegeben_von"), 25).get_page(request.GET.get("seite"))
    return render(request, "newsletter/verwaltung.html", {"page": page})


def verwaltung_detail(request, pk):
    """Status, actions and — while sending — progress with per-recipient results (constant queries)."""
    ausgabe = get_visible_or_404(
        request,
        Ausgabe.objects.manageable_by(request.user).select_related(
            "erstellt_von", "eingereicht_von", "freigegeben_von"
        ),
        pk=pk,
    )
    status_filter = request.GET.get("status")
    if status_filter not in ZustellungStatus.values:
        status_filter = None
    counts = Zustellung.objects.filter(ausgabe=ausgabe).counts_by_status()
    rows = Paginator(services.zustellungen_for_admin(ausgabe, status=status_filter), 100).get_page(
        request.GET.get("seite")
    )
    total = sum(counts.values())
    done = total - counts[ZustellungStatus.PENDING] - counts[ZustellungStatus.SENDING]
    return render(
        request,
        "newsletter/verwaltung_detail.html",
        {
            "ausgabe": ausgabe,
            "counts": [(ZustellungStatus(key).label, key, value) for key, value in counts.items()],
            "total": total,
            "done": done,
            "rows": rows,
            "status_filter": status_filter,
            "aktionen": _actions_for(request.user, ausgabe),
            "laeuft": ausgabe.status == AusgabeStatus.WIRD_VERSENDET,
            "S": AusgabeStatus,
        },
    )


def _actions_for(user, ausgabe) -> list[tuple[str, str]]:
    labels = AktionForm.AKTIONEN
    actions = []
    if ausgabe.status == AusgabeStatus.ENTWURF:
        actions.append("einreichen")
    if ausgabe.status == AusgabeStatus.ZUR_FREIGABE and access.can_approve_ausgaben(user):
        actions.append("freigeben")
    if ausgabe.status in (AusgabeStatus.ZUR_FREIGABE, AusgabeStatus.FREIGEGEBEN):
        actions.append("zuruecksetzen")
    if ausgabe.status == AusgabeStatus.FREIGEGEBEN and access.can_send_ausgaben(user):
        actions.append("versenden")
    actions.append("testmail")
    return [(key, labels[key]) for key in actions]


@require_http_methods(["GET", "POST"])
def aktion(request, pk):
    """Workflow actions; every refusal is a German message and changes nothing. Sending asks first."""
    ausgabe = get_visible_or_404(request, Ausgabe.objects.manageable_by(request.user), pk=pk)
    form = AktionForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, _("Unbekannte Aktion."))
        return redirect("newsletter:verwaltung_detail", pk=pk)
    sendable = ausgabe.status == AusgabeStatus.FREIGEGEBEN and access.can_send_ausgaben(request.user)
    if form.cleaned_data["aktion"] == "versenden" and sendable:
        anzahl = services.recipients().count()
        page = ask_first(
            request,
            Confirmation(
                title=_("Newsletter „%(titel)s“ versenden?") % {"titel": ausgabe.titel},
                what_happens=ngettext(
                    "Die Ausgabe geht an %(anzahl)d Empfänger:in. Ein Versand lässt sich nicht zurückholen.",
                    "Die Ausgabe geht an %(anzahl)d Empfänger:innen. Ein Versand lässt sich nicht "
                    "zurückholen.",
                    anzahl,
                )
                % {"anzahl": anzahl},
                submit_label=_("Jetzt an %(anzahl)d Empfänger:innen versenden") % {"anzahl": anzahl},
                cancel_url=reverse("newsletter:verwaltung_detail", args=[pk]),
            ),
        )
        if page is not None:
            return page
    if request.method != "POST":
        return redirect("newsletter:verwaltung_detail", pk=pk)
    handlers = {
        "einreichen": (services.ausgabe_submit, _("Die Ausgabe wurde zur Freigabe eingereicht.")),
        "freigeben": (services.ausgabe_approve, _("Die Ausgabe ist freigegeben.")),
        "zuruecksetzen": (services.ausgabe_reject, _("Die Ausgabe ist wieder ein Entwurf.")),
        "versenden": (services.ausgabe_send_start, _("Der Versand wurde gestartet.")),
    }
    name = form.cleaned_data["aktion"]
    try:
        if name == "testmail":
            services.testmail_send(ausgabe=ausgabe, to=request.user)
            messages.success(
                request, _("Die Testmail wurde an %(email)s gesendet.") % {"email": request.user.email}
            )
        else:
            handler, success = handlers[name]
            handler(ausgabe=ausgabe, by=request.user)
            messages.success(request, success)
    except services.NewsletterError as exc:
        messages.error(request, str(exc))
    return redirect("newsletter:verwaltung_detail", pk=pk)


@csp_replace({"style-src": [SELF, UNSAFE_INLINE]})
def vorschau(request, pk):
    """The email exactly as the logged-in Redaktion person would receive it (inline styles allowed)."""
    ausgabe = get_visible_or_404(request, Ausgabe.objects.manageable_by(request.user), pk=pk)
    topics = services.topics_by_user([request.user.pk]).get(request.user.pk)
    since = ausgabe.digest_seit or timezone.now() - datetime.timedelta(days=7)
    digest = digest_for(request.user, since, fachgebiete=topics)
    message = build_message(
        content=IssueContent.from_ausgabe(ausgabe),
        user=request.user,
        email=request.user.email,
        digest=digest,
        fachgebiete=topics,
    )
    if request.GET.get("format") == "text":
        return HttpResponse(message.body, content_type="text/plain; charset=utf-8")
    html = message.alternatives[0][0] if message.alternatives else ""
    if not html:
        return HttpResponseBadRequest(_("Keine HTML-Fassung."))
    return HttpResponse(html)
