"""Views of the requests to the Geschäftsstelle: thin — fetch through the access policy, call a service."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Aktion
from audit.services import audit_log
from dateien.downloads import download_response
from portal.access import get_visible_or_404, require
from portal.paginator import pager
from portal.url_helpers import url_prefix

from . import access, services
from .forms import AnfrageAntwortForm, AnfrageForm, AnfrageStatusForm
from .models import Anfrage


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


ANFRAGEN_PER_PAGE = 50


@require_GET
def anfrage_list(request):
    anfragen = Anfrage.objects.visible_to(request.user)
    if access.can_process(request.user):
        # The Geschäftsstelle works in the processing list; here it sees its own authority's requests.
        anfragen = anfragen.filter(behoerde_id=request.user.behoerde_id)
    page = Paginator(anfragen, ANFRAGEN_PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "anfragen/liste.html",
        {
            "anfragen": page.object_list,
            "pager": pager(page),
            "anfrage_prefix": url_prefix("anfragen:detail"),
        },
    )


@require_http_methods(["GET", "POST"])
def anfrage_create(request):
    form = AnfrageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            anfrage = services.anfrage_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Ihre Anfrage ist bei der Geschäftsstelle eingegangen."))
            return redirect("anfragen:detail", pk=anfrage.pk)
    return render(request, "anfragen/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def anfrage_detail(request, pk):
    anfrage = get_visible_or_404(
        request, Anfrage.objects.visible_to(request.user).select_related("behoerde", "erstellt_von"), pk=pk
    )
    status_form = (
        AnfrageStatusForm(request.POST or None, request.FILES or None)
        if access.can_process(request.user)
        else None
    )
    answer_form = (
        AnfrageAntwortForm(request.POST or None) if access.can_answer(request.user, anfrage) else None
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "status" and status_form is not None and status_form.is_valid():
                services.anfrage_set_status(
                    anfrage=anfrage,
                    by=request.user,
                    status=status_form.cleaned_data["status"],
                    text=status_form.cleaned_data["text"],
                    ergebnis_upload=status_form.cleaned_data.get("ergebnis"),
                )
            elif request.POST.get("form") == "antwort" and answer_form is not None and answer_form.is_valid():
                services.anfrage_answer(
                    anfrage=anfrage, by=request.user, text=answer_form.cleaned_data["text"]
                )
            else:
                raise ValidationError(_("Bitte prüfen Sie Ihre Eingaben."))
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Gespeichert."))
            return redirect("anfragen:detail", pk=anfrage.pk)
    return render(
        request,
        "anfragen/detail.html",
        {
            "anfrage": anfrage,
            "schritte": anfrage.schritte.select_related("von__behoerde"),
            "status_form": status_form,
            "answer_form": answer_form,
        },
    )


@require_GET
def anfrage_ergebnis(request, pk):
    """The result file: only for the requesting authority (and the Geschäftsstelle); audited."""
    anfrage = get_visible_or_404(
        request, Anfrage.objects.visible_to(request.user).filter(ergebnis_datei__isnull=False), pk=pk
    )
    audit_log(
        aktion=Aktion.DATEI_HERUNTERGELADEN,
        request=request,
        objekt=anfrage.ergebnis_datei,
        behoerde=anfrage.behoerde,
        anfrage=anfrage.pk,
    )
    return download_response(anfrage.ergebnis_datei)


@require_GET
def anfrage_verwaltung(request):
    require(request, access.can_process(request.user))
    anfragen = Anfrage.objects.visible_to(request.user).select_related("behoerde", "erstellt_von")
    status = request.GET.get("status")
    if status in Anfrage.Status.values:
        anfragen = anfragen.filter(status=status)
    else:
        status = ""
    page = Paginator(anfragen, ANFRAGEN_PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "anfragen/verwaltung.html",
        {
            "anfragen": page.object_list,
            "pager": pager(page, query=urlencode({"status": status}) if status else ""),
            "anfrage_prefix": url_prefix("anfragen:detail"),
            "status_choices": Anfrage.Status.choices,
            "status": status,
        },
    )
