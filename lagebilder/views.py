"""Lagebilder pages: list, detail, create/edit, versions, withdraw, downloads. Thin: policy in access.py."""

from datetime import UTC, datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import Aktion, AuditEntry
from audit.services import audit_log
from dateien.downloads import download_response
from portal.access import deny, get_visible_or_404, require
from portal.confirmation import Confirmation, ask_first
from portal.ids import parse_id

from . import access, services
from .access import shared_ids_subquery
from .display import list_rows
from .forms import LagebildForm, ListFilterForm, VersionForm, region_value
from .models import Lagebild, LagebildVersion
from .stamp import abruf_zeile, stamp_pdf

PAGE_SIZE = 25


def _deny(request, lagebild, vorgang: str):
    """Audit a refused action on a visible report and answer 404 (never 403)."""
    deny(request, objekt=lagebild, behoerde=lagebild.autor_behoerde_id, vorgang=vorgang)


def _redirect_after_upload(request, lagebild):
    """Redirect; for the progress-bar XHR answer 204 with the target so the page is not fetched twice."""
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        response = HttpResponse(status=204)
        response["X-Weiter-Zu"] = lagebild.get_absolute_url()
        return response
    return redirect(lagebild)


def _visible(request, pk):
    queryset = Lagebild.objects.visible_to(request.user).select_related(
        "autor", "autor_behoerde", "regierungsbezirk", "kreis", "gemeinde", "aktuelle_version__datei"
    )
    return get_visible_or_404(request, queryset, pk=pk)


# --- keyset pagination ------------------------------------------------------------------------


def _encode_cursor(row: dict) -> str:
    return f"{int(row['erstellt_am'].timestamp() * 1_000_000)}.{row['pk']}"


def _decode_cursor(raw: str):
    try:
        micros, raw_pk = raw.split(".", 1)
        pk = parse_id(raw_pk)
        return None if pk is None else (datetime.fromtimestamp(int(micros) / 1_000_000, tz=UTC), pk)
    except (ValueError, OverflowError, OSError):
        return None


def _filtered(request, form):
    user = request.user
    queryset = Lagebild.objects.visible_to(user)
    if not form.is_valid():
        return queryset
    data = form.cleaned_data
    if data.get("fachgebiet"):
        queryset = queryset.filter(fachgebiete=data["fachgebiet"])
    region = data.get("region") or ""
    kind, _sep, pk = region.partition(":")
    if pk.isdigit():
        field = {"rb": "regierungsbezirk_id", "kr": "kreis_id", "ge": "gemeinde_id"}.get(kind)
        if field:
            queryset = queryset.filter(**{field: int(pk)})
    if data.get("von"):
        queryset = queryset.filter(zeitraum_bis__gte=data["von"])
    if data.get("bis"):
        queryset = queryset.filter(zeitraum_von__lte=data["bis"])
    if data.get("klassifikation"):
        queryset = queryset.filter(klassifikation=data["klassifikation"])
    if data.get("behoerde"):
        queryset = queryset.filter(autor_behoerde=data["behoerde"])
    if data.get("geteilt") and user.behoerde_id:
        queryset = queryset.filter(pk__in=shared_ids_subquery([user.behoerde.gruppe_id])).exclude(
            autor_behoerde_id=user.behoerde_id
        )
    return queryset


def lagebild_list(request):
    form = ListFilterForm(request.GET or None)
    queryset = _filtered(request, form)
    oldest_first = form.is_valid() and form.cleaned_data.get("sortierung") == "alt"
    forward = ("erstellt_am", "id") if oldest_first else ("-erstellt_am", "-id")
    backward = ("-erstellt_am", "-id") if oldest_first else ("erstellt_am", "id")
    after = _decode_cursor(request.GET.get("nach", ""))
    before = _decode_cursor(request.GET.get("vor", "")) if after is None else None

    def beyond(cursor, newer: bool):
        stamp, pk = cursor
        if newer:
            return Q(erstellt_am__gt=stamp) | Q(erstellt_am=stamp, id__gt=pk)
        return Q(erstellt_am__lt=stamp) | Q(erstellt_am=stamp, id__lt=pk)

    if before is not None:
        rows = list_rows(queryset.filter(beyond(before, newer=not oldest_first)), backward, PAGE_SIZE + 1)
        has_prev = len(rows) > PAGE_SIZE
        rows = list(reversed(rows[:PAGE_SIZE]))
        has_next = True
    else:
        if after is not None:
            queryset = queryset.filter(beyond(after, newer=oldest_first))
        rows = list_rows(queryset, forward, PAGE_SIZE + 1)
        has_next = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        has_prev = after is not None
    params = request.GET.copy()
    params.pop("nach", None)
    params.pop("vor", None)
    base = params.urlencode()
    context = {
        "form": form,
        "lagebilder": rows,
        "next_cursor": _encode_cursor(rows[-1]) if rows and has_next else "",
        "prev_cursor": _encode_cursor(rows[0]) if rows and has_prev else "",
        "base_query": base,
        "can_create": access.can_create(request.user),
        "any_vsnfd": any(row["ist_vsnfd"] for row in rows),
    }
    return render(request, "lagebilder/list.html", context)


def lagebild_detail(request, pk: int):
    lagebild = _visible(request, pk)
    user = request.user
    audit_log(
        aktion=Aktion.OBJEKT_ANGESEHEN, request=request, objekt=lagebild, behoerde=lagebild.autor_behoerde_id
    )
    can_edit = access.can_edit(user, lagebild)
    context = {
        "lagebild": lagebild,
        "fachgebiete": list(lagebild.fachgebiete.all()),
        "versionen": list(lagebild.versionen.select_related("datei", "hochgeladen_von")),
        "can_edit": can_edit,
    }
    if can_edit:
        from django.contrib.auth.models import Group

        context["freigabe_gruppen"] = list(
            Group.objects.filter(pk__in=services.shared_group_ids(lagebild)).select_related(
                "behoerde", "arbeitskreis"
            )
        )
    if access.can_see_read_log(user, lagebild):
        # The latest few here; all of them, page by page, on the read-log page.
        latest = list(_read_log(lagebild)[: READ_LOG_PREVIEW + 1])
        context["lesezugriffe"] = latest[:READ_LOG_PREVIEW]
        context["weitere_lesezugriffe"] = len(latest) > READ_LOG_PREVIEW
    return render(request, "lagebilder/detail.html", context)


READ_LOG_PREVIEW = 10
READ_LOG_PAGE_SIZE = 50


def _read_log(lagebild):
    return AuditEntry.objects.filter(
        objekt_typ="lagebilder.lagebild",
        objekt_id=str(lagebild.pk),
        aktion__in=[Aktion.OBJEKT_ANGESEHEN, Aktion.DATEI_HERUNTERGELADEN],
    )


def lagebild_abrufe(request, pk: int):
    """Every view and download of a Lagebild, newest first, for the author authority and the GS."""
    lagebild = _visible(request, pk)
    if not access.can_see_read_log(request.user, lagebild):
        _deny(request, lagebild, "abrufe")
    page = Paginator(_read_log(lagebild), READ_LOG_PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "lagebilder/abrufe.html", {"lagebild": lagebild, "page": page})


def _form_initial(lagebild) -> dict:
    from django.contrib.auth.models import Group

    groups = Group.objects.filter(pk__in=services.shared_group_ids(lagebild))
    return {
        "titel": lagebild.titel,
        "zusammenfassung": lagebild.zusammenfassung,
        "zeitraum_von": lagebild.zeitraum_von,
        "zeitraum_bis": lagebild.zeitraum_bis,
        "region": region_value(lagebild),
        "fachgebiete": list(lagebild.fachgebiete.all()),
        "klassifikation": lagebild.klassifikation,
        "sichtbarkeit": lagebild.sichtbarkeit,
        "behoerden": [
            g.behoerde
            for g in groups.select_related("behoerde")
            if hasattr(g, "behoerde") and g.behoerde.pk != lagebild.autor_behoerde_id
        ],
        "arbeitskreise": [
            g.arbeitskreis for g in groups.select_related("arbeitskreis") if hasattr(g, "arbeitskreis")
        ],
        "vsnfd_alle_freigegeben": lagebild.vsnfd_alle_freigegeben,
    }


def _apply_service_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def lagebild_create(request):
    require(request, access.can_create(request.user))
    form = LagebildForm(request.POST or None, request.FILES or None, user=request.user, with_file=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lagebild = services.lagebild_create(
                by=request.user,
                titel=data["titel"],
                zusammenfassung=data["zusammenfassung"],
                zeitraum_von=data["zeitraum_von"],
                zeitraum_bis=data["zeitraum_bis"],
                fachgebiete=data["fachgebiete"],
                klassifikation=data["klassifikation"],
                sichtbarkeit=data["sichtbarkeit"],
                behoerden=data["behoerden"],
                arbeitskreise=data["arbeitskreise"],
                upload=data["datei"],
                aenderungshinweis=data.get("aenderungshinweis", ""),
                veroeffentlichen=data.get("veroeffentlichen", False),
                vsnfd_alle_freigegeben=data.get("vsnfd_alle_freigegeben", False),
                **form.cleaned_region,
            )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("Das Lagebild wurde gespeichert."))
            return _redirect_after_upload(request, lagebild)
    return render(request, "lagebilder/form.html", {"form": form, "neu": True})


def lagebild_edit(request, pk: int):
    lagebild = _visible(request, pk)
    if not access.can_edit(request.user, lagebild):
        _deny(request, lagebild, "bearbeiten")
    form = LagebildForm(
        request.POST or None, user=request.user, with_file=False, initial=_form_initial(lagebild)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if (
                "vsnfd_alle_freigegeben" in data
                and data["vsnfd_alle_freigegeben"] != lagebild.vsnfd_alle_freigegeben
            ):
                services.lagebild_set_vsnfd_freigabe(
                    lagebild=lagebild, erlaubt=data["vsnfd_alle_freigegeben"], by=request.user
                )
            services.lagebild_set_freigabe(
                lagebild=lagebild,
                sichtbarkeit=data["sichtbarkeit"],
                behoerden=data["behoerden"],
                arbeitskreise=data["arbeitskreise"],
                by=request.user,
            )
            services.lagebild_update(
                lagebild=lagebild,
                by=request.user,
                fachgebiete=data["fachgebiete"],
                titel=data["titel"],
                zusammenfassung=data["zusammenfassung"],
                zeitraum_von=data["zeitraum_von"],
                zeitraum_bis=data["zeitraum_bis"],
                klassifikation=data["klassifikation"],
                **form.cleaned_region,
            )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect(lagebild)
    return render(
        request,
        "lagebilder/form.html",
        {"form": form, "lagebild": lagebild},
    )


def version_create(request, pk: int):
    lagebild = _visible(request, pk)
    if not access.can_upload_version(request.user, lagebild):
        _deny(request, lagebild, "version_hochladen")
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lagebild_version_upload(
                lagebild=lagebild,
                upload=form.cleaned_data["datei"],
                by=request.user,
                aenderungshinweis=form.cleaned_data["aenderungshinweis"],
            )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("Die neue Version wurde hochgeladen."))
            return _redirect_after_upload(request, lagebild)
    return render(
        request,
        "lagebilder/version_form.html",
        {"form": form, "lagebild": lagebild},
    )


@require_http_methods(["GET", "POST"])
def lagebild_withdraw(request, pk: int):
    """Withdraw a Lagebild from everyone but its editors, after asking."""
    lagebild = _visible(request, pk)
    if not access.can_withdraw(request.user, lagebild):
        _deny(request, lagebild, "zurueckziehen")
    page = ask_first(
        request,
        Confirmation(
            title=_("Lagebild „%(titel)s“ zurückziehen?") % {"titel": lagebild.titel},
            what_happens=_(
                "Das Lagebild verschwindet für alle Berechtigten aus Listen, Suche und Startseite; nur wer "
                "es bearbeiten darf, sieht es noch."
            ),
            submit_label=_("Lagebild zurückziehen"),
            cancel_url=lagebild.get_absolute_url(),
        ),
    )
    if page is not None:
        return page
    services.lagebild_withdraw(lagebild=lagebild, by=request.user)
    messages.success(
        request, _("Das Lagebild wurde zurückgezogen. Nur Berechtigte zum Bearbeiten sehen es noch.")
    )
    return redirect(lagebild)


@require_POST
def lagebild_publish(request, pk: int):
    lagebild = _visible(request, pk)
    if not access.can_edit(request.user, lagebild):
        _deny(request, lagebild, "veroeffentlichen")
    services.lagebild_publish(lagebild=lagebild, by=request.user)
    messages.success(request, _("Das Lagebild wurde veröffentlicht."))
    return redirect(lagebild)


def _download(request, lagebild: Lagebild, version: LagebildVersion):
    datei = version.datei
    audit_log(
        aktion=Aktion.DATEI_HERUNTERGELADEN,
        request=request,
        objekt=lagebild,
        behoerde=lagebild.autor_behoerde_id,
        version=version.nummer,
        datei_id=datei.pk,
        sha256=datei.sha256,
        gestempelt=bool(lagebild.ist_vsnfd and datei.is_pdf) or None,
    )
    if lagebild.ist_vsnfd and datei.is_pdf:
        with datei.datei.open("rb") as handle:
            stamped = stamp_pdf(handle.read(), zeile=abruf_zeile(request.user, timezone.now()))
        return download_response(datei, content=stamped)
    return download_response(datei)


def download_current(request, pk: int):
    lagebild = _visible(request, pk)
    if lagebild.aktuelle_version is None:
        _deny(request, lagebild, "download_ohne_datei")
    return _download(request, lagebild, lagebild.aktuelle_version)


def download_version(request, pk: int, nummer: int):
    lagebild = _visible(request, pk)
    version = get_visible_or_404(request, lagebild.versionen.select_related("datei"), nummer=nummer)
    return _download(request, lagebild, version)
