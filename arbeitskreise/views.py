"""Arbeitskreise pages: everyone sees name, purpose and Leitung; the closed space is for members."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import Aktion
from audit.services import audit_log
from dateien.downloads import download_response
from dateien.forms import UploadField
from portal.access import get_visible_or_404, require
from portal.confirmation import Confirmation, ask_first
from portal.date_fields import TerminField
from portal.ids import parse_id
from portal.url_helpers import url_prefix

from . import access, services
from .models import Arbeitskreis, Beitrittsanfrage, Mitgliedschaft, Sitzung


class SitzungForm(forms.Form):
    titel = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    beginn = TerminField(label=gettext_lazy("Beginn"))
    ende = TerminField(label=gettext_lazy("Ende"))
    ort = forms.CharField(label=gettext_lazy("Ort"), max_length=200, required=False)


class DokumentForm(forms.Form):
    titel = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    datei = UploadField()


class MitgliedForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-Mail-Adresse der Person"))


def _leitung_prefetch():
    return Prefetch(
        "mitgliedschaften",
        queryset=Mitgliedschaft.objects.filter(ist_leitung=True).select_related("user__behoerde"),
        to_attr="leitungen",
    )


@require_GET
def ak_list(request):
    arbeitskreise = Arbeitskreis.objects.annotate(
        mitglieder_anzahl=Count("mitgliedschaften")
    ).prefetch_related(_leitung_prefetch())
    own = set(access.arbeitskreise_of(request.user).values_list("arbeitskreis_id", flat=True))
    return render(request, "arbeitskreise/list.html", {"arbeitskreise": arbeitskreise, "own": own})


def _ak(request, slug):
    return get_visible_or_404(
        request,
        access.arbeitskreise_visible_to(request.user).prefetch_related(_leitung_prefetch()),
        slug=slug,
    )


def _space(request, slug):
    """The Arbeitskreis whose closed space this person sees (404, audited, for everyone else)."""
    return get_visible_or_404(
        request,
        access.arbeitskreise_visible_to(request.user)
        .filter(pk__in=access.spaces_visible_to(request.user))
        .prefetch_related(_leitung_prefetch()),
        slug=slug,
    )


@require_GET
def ak_detail(request, slug):
    return _detail_page(request, _ak(request, slug))


def _detail_page(request, arbeitskreis, *, sitzung_form=None):
    """The Arbeitskreis page; `sitzung_form`: a refused new meeting, shown again with what was typed and
    its messages (the form's section open)."""
    rights = access.space_rights(request.user, arbeitskreis)
    context = {"ak": arbeitskreis, "ist_mitglied": rights.member}
    if rights.see_space:
        context.update(
            space=True,
            mitglieder=arbeitskreis.mitgliedschaften.order_by(
                "-ist_leitung", "user__behoerde__name", "user__last_name"
            ).values(
                "user_id",
                "ist_leitung",
                "user__first_name",
                "user__last_name",
                "user__email",
                "user__behoerde__name",
            ),
            sitzungen=arbeitskreis.sitzungen.filter(ende__gte=timezone.now())[:20],
            bereich=getattr(arbeitskreis, "bereich", None),
            dokumente=arbeitskreis.dokumente.select_related("datei"),
            dokument_prefix=url_prefix("arbeitskreise:dokument", arbeitskreis.slug),
            kann_verwalten=rights.manage,
        )
        if rights.manage:
            context.update(
                offene_anfragen=arbeitskreis.beitrittsanfragen.filter(
                    status=Beitrittsanfrage.Status.OFFEN
                ).select_related("user__behoerde"),
                sitzung_form=sitzung_form or SitzungForm(),
                sitzung_form_offen=sitzung_form is not None,
                mitglied_form=MitgliedForm(),
                dokument_form=DokumentForm(),
            )
    else:
        context["anfrage_offen"] = Beitrittsanfrage.objects.filter(
            arbeitskreis=arbeitskreis, user=request.user, status=Beitrittsanfrage.Status.OFFEN
        ).exists()
    return render(request, "arbeitskreise/detail.html", context)


def _done(request, call, success):
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


@require_POST
def ak_join(request, slug):
    arbeitskreis = _ak(request, slug)
    _done(
        request,
        lambda: services.beitrittsanfrage_create(
            arbeitskreis=arbeitskreis, by=request.user, begruendung=request.POST.get("begruendung", "")
        ),
        _("Ihre Anfrage wurde an die Leitung des Arbeitskreises gesendet."),
    )
    return redirect("arbeitskreise:detail", slug=slug)


@require_POST
def ak_decide(request, slug, pk):
    arbeitskreis = _space(request, slug)
    require(request, access.can_manage(request.user, arbeitskreis))
    anfrage = get_visible_or_404(
        request, access.beitrittsanfragen_manageable_by(request.user).filter(arbeitskreis=arbeitskreis), pk=pk
    )
    annehmen = request.POST.get("entscheidung") == "annehmen"
    _done(
        request,
        lambda: services.beitrittsanfrage_decide(anfrage=anfrage, by=request.user, annehmen=annehmen),
        _("Die Anfrage wurde angenommen.") if annehmen else _("Die Anfrage wurde abgelehnt."),
    )
    return redirect("arbeitskreise:detail", slug=slug)


@require_http_methods(["GET", "POST"])
def ak_members(request, slug):
    """Add members, remove them (after asking) or change the Leitung."""
    arbeitskreis = _space(request, slug)
    require(request, access.can_manage(request.user, arbeitskreis))
    data = request.POST if request.method == "POST" else request.GET
    aktion = data.get("aktion")
    if request.method != "POST" and aktion != "entfernen":
        return redirect("arbeitskreise:detail", slug=slug)
    User = get_user_model()
    if aktion == "hinzufuegen":
        form = MitgliedForm(request.POST)
        user = User.objects.filter(
            email__iexact=request.POST.get("email", "").strip(), is_active=True
        ).first()
        if not form.is_valid() or user is None:
            messages.error(request, _("Zu dieser E-Mail-Adresse gibt es kein aktives Konto im Portal."))
        else:
            _done(
                request,
                lambda: services.mitgliedschaft_add(arbeitskreis=arbeitskreis, user=user, by=request.user),
                _("%(name)s ist jetzt Mitglied.") % {"name": user},
            )
        return redirect("arbeitskreise:detail", slug=slug)
    person_id = parse_id(data.get("user"))
    if person_id is None:
        raise Http404("Nicht gefunden")
    user = get_visible_or_404(request, access.members_manageable_by(request.user, arbeitskreis), pk=person_id)
    if aktion == "entfernen":
        page = ask_first(
            request,
            Confirmation(
                title=_("%(name)s aus dem Arbeitskreis entfernen?") % {"name": user},
                what_happens=_(
                    "%(name)s verliert den Zugang zum Bereich, zu den Dokumenten und Terminen des "
                    "Arbeitskreises „%(ak)s“."
                )
                % {"name": user, "ak": arbeitskreis.name},
                submit_label=_("Mitglied entfernen"),
                cancel_url=reverse("arbeitskreise:detail", args=[slug]),
            ),
        )
        if page is not None:
            return page
        _done(
            request,
            lambda: services.mitgliedschaft_remove(arbeitskreis=arbeitskreis, user=user, by=request.user),
            _("Das Mitglied wurde entfernt."),
        )
    elif aktion in ("leitung", "keine_leitung"):
        _done(
            request,
            lambda: services.mitgliedschaft_set_leitung(
                arbeitskreis=arbeitskreis, user=user, by=request.user, ist_leitung=aktion == "leitung"
            ),
            _("Die Leitung wurde geändert."),
        )
    else:
        messages.error(request, _("Unbekannte Aktion."))
    return redirect("arbeitskreise:detail", slug=slug)


@require_POST
def ak_sitzung_create(request, slug):
    arbeitskreis = _space(request, slug)
    require(request, access.can_manage(request.user, arbeitskreis))
    form = SitzungForm(request.POST)
    if form.is_valid():
        try:
            services.sitzung_create(arbeitskreis=arbeitskreis, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:  # e.g. the end before the beginning
                form.add_error(None, message)
        else:
            messages.success(request, _("Der Termin wurde angelegt."))
            return redirect("arbeitskreise:detail", slug=slug)
    else:
        messages.error(request, _("Bitte geben Sie Titel, Beginn und Ende des Termins an."))
    for name in ("beginn", "ende"):  # a date far away: say which dates are possible
        if form.has_error(name, "termin_ausserhalb"):
            messages.error(request, form.errors[name][0])
            break
    for message in form.non_field_errors():
        messages.error(request, message)
    # The page again, with what was typed (no redirect: a redirect would lose the title and the dates).
    return _detail_page(request, arbeitskreis, sitzung_form=form)


@require_http_methods(["GET", "POST"])
def ak_sitzung_delete(request, slug, pk):
    arbeitskreis = _space(request, slug)
    require(request, access.can_manage(request.user, arbeitskreis))
    sitzung = get_visible_or_404(
        request,
        access.sitzungen_visible_to(request.user)
        .select_related("arbeitskreis")
        .filter(arbeitskreis=arbeitskreis),
        pk=pk,
    )
    page = ask_first(
        request,
        Confirmation(
            title=_("Termin „%(titel)s“ löschen?") % {"titel": sitzung.titel},
            what_happens=_(
                "Der Termin verschwindet für alle Mitglieder aus dem Arbeitskreis und dem Kalender."
            ),
            submit_label=_("Termin löschen"),
            cancel_url=reverse("arbeitskreise:detail", args=[slug]),
        ),
    )
    if page is not None:
        return page
    _done(
        request,
        lambda: services.sitzung_delete(sitzung=sitzung, by=request.user),
        _("Der Termin „%(titel)s“ wurde gelöscht.") % {"titel": sitzung.titel},
    )
    return redirect("arbeitskreise:detail", slug=slug)


@require_GET
def ak_ical(request, slug):
    arbeitskreis = _space(request, slug)
    body = services.sitzungen_ical(
        arbeitskreis=arbeitskreis, sitzungen=Sitzung.objects.filter(arbeitskreis=arbeitskreis)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="arbeitskreis-{arbeitskreis.slug}.ics"'
    return response


@require_POST
def ak_dokument_upload(request, slug):
    arbeitskreis = _space(request, slug)
    require(request, access.can_manage(request.user, arbeitskreis))
    form = DokumentForm(request.POST, request.FILES)
    if form.is_valid():
        _done(
            request,
            lambda: services.dokument_upload(
                arbeitskreis=arbeitskreis,
                by=request.user,
                titel=form.cleaned_data["titel"],
                upload=form.cleaned_data["datei"],
            ),
            _("Das Dokument wurde gespeichert."),
        )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("arbeitskreise:detail", slug=slug)


@require_GET
def ak_dokument_download(request, slug, pk):
    arbeitskreis = _space(request, slug)
    dokument = get_visible_or_404(
        request,
        access.dokumente_visible_to(request.user).select_related("datei").filter(arbeitskreis=arbeitskreis),
        pk=pk,
    )
    audit_log(
        aktion=Aktion.DATEI_HERUNTERGELADEN,
        request=request,
        objekt=dokument.datei,
        arbeitskreis=arbeitskreis.pk,
    )
    return download_response(dokument.datei)
