"""Legal pages (public), the acknowledgement gate's page, accessibility feedback and own data."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.context import client_ip
from audit.models import Aktion
from audit.services import audit_log
from portal.access import get_visible_or_404, public, require

from . import services
from .access import can_handle_rueckmeldungen
from .forms import BestaetigungForm, RueckmeldungForm
from .gate import remember_confirmation
from .models import BarrierefreiheitPage, DatenschutzPage, ImpressumPage, Regelwerk, Rueckmeldung
from .own_data import own_data


def _serve(request, model):
    page = model.objects.live().first()
    if page is None:
        raise Http404("Nicht gefunden")
    return page.serve(request)


@public
def impressum(request):
    return _serve(request, ImpressumPage)


@public
def datenschutz(request):
    return _serve(request, DatenschutzPage)


@public
@require_http_methods(["GET", "HEAD", "POST"])
def barrierefreiheit(request):
    """The statement; its feedback form is open to everyone (a barrier may be the login itself)."""
    page = BarrierefreiheitPage.objects.live().first()
    if page is None:
        raise Http404("Nicht gefunden")
    user = request.user if request.user.is_authenticated else None
    form = RueckmeldungForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        sender = f"user:{user.pk}" if user else f"ip:{client_ip(request) or ''}"
        if services.rueckmeldung_rate_limited(sender_key=sender):
            form.add_error(
                None,
                _(
                    "Sie haben in kurzer Zeit viele Rückmeldungen gesendet. Bitte versuchen Sie es in einer Stunde erneut."
                ),
            )
        else:
            _rueckmeldung, created = services.rueckmeldung_create(
                text=form.cleaned_data["text"],
                von=user,
                kontakt=form.cleaned_data["kontakt"] or (user.email if user else ""),
                seite=form.cleaned_data["seite"],
            )
            if created:
                messages.success(
                    request, _("Vielen Dank. Ihre Rückmeldung ist bei der Geschäftsstelle eingegangen.")
                )
            else:
                messages.info(request, _("Diese Rückmeldung liegt der Geschäftsstelle bereits vor."))
            return redirect("rechtliches:barrierefreiheit")
    return page.serve(request, rueckmeldung_form=form)


@require_http_methods(["GET", "HEAD", "POST"])
def bestaetigen(request):
    """Read and confirm the current Nutzungsbedingungen and VS-NfD-Merkblatt (the gate's page)."""
    regelwerke = list(Regelwerk.objects.current())
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    form = BestaetigungForm(request.POST or None, regelwerke=regelwerke)
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.regelwerk_confirm(user=request.user, regelwerk_ids=form.cleaned_data["regelwerk"])
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect(f"{request.path}?{urlencode({'next': next_url})}")
        if rows:
            remember_confirmation(
                request,
                regelwerk_ids=[row.regelwerk_id for row in rows],
                valid_until=rows[0].bestaetigt_am + services.CONFIRMATION_VALID,
            )
        messages.success(request, _("Danke, Ihre Bestätigung ist gespeichert."))
        return redirect(next_url)
    return render(
        request, "rechtliches/bestaetigen.html", {"regelwerke": regelwerke, "form": form, "next": next_url}
    )


def rueckmeldungen(request):
    """The Geschäftsstelle's list of accessibility feedback, open items first."""
    require(request, can_handle_rueckmeldungen(request.user))
    status = request.GET.get("status", Rueckmeldung.Status.OFFEN)
    if status not in Rueckmeldung.Status.values:
        status = Rueckmeldung.Status.OFFEN
    queryset = Rueckmeldung.objects.filter(status=status).select_related("von")
    page = Paginator(queryset, 25).get_page(request.GET.get("seite"))
    return render(
        request,
        "rechtliches/rueckmeldungen.html",
        {
            "page": page,
            "status": status,
            "Status": Rueckmeldung.Status,
            "offen": Rueckmeldung.objects.offen().count(),
        },
    )


@require_POST
def rueckmeldung_erledigen(request, pk):
    require(request, can_handle_rueckmeldungen(request.user))
    rueckmeldung = get_visible_or_404(request, Rueckmeldung.objects.all(), pk=pk)
    services.rueckmeldung_close(rueckmeldung=rueckmeldung, by=request.user)
    messages.success(request, _("Rückmeldung Nr. %(nr)s ist erledigt.") % {"nr": rueckmeldung.pk})
    return redirect("rechtliches:rueckmeldungen")


def meine_daten(request):
    """What the portal stores about the person, readable (Art. 15 DSGVO); the request is audited."""
    data = own_data(request.user)
    audit_log(aktion=Aktion.EIGENE_DATEN_ABGERUFEN, request=request, subject=request.user, format="html")
    profile = data.pop("Profil")
    erstellt = data.pop("Erstellt am")
    return render(
        request, "rechtliches/meine_daten.html", {"profil": profile, "abschnitte": data, "erstellt": erstellt}
    )


def meine_daten_json(request):
    """The same data as a JSON download."""
    data = own_data(request.user)
    audit_log(aktion=Aktion.EIGENE_DATEN_ABGERUFEN, request=request, subject=request.user, format="json")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="meine-daten-siko-ruhr.json"'
    return response
