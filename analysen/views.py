"""Views of the 360°-Analysen: fetch through the access policy (404 for everyone without need-to-know),
call a service, render. Refused input is shown in German and audited (`Aktion.ANALYSE_ABGELEHNT`)."""

import io

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anfragen.models import Anfrage
from audit.models import Aktion, AuditEntry
from audit.services import audit_log
from dateien.downloads import download_response
from lagebilder.stamp import abruf_zeile, stamp_pdf
from portal.access import get_visible_or_404, require
from portal.confirmation import Confirmation, ask_first, confirmed_data, reason_form
from portal.exports import SafeCsvWriter
from portal.ids import parse_id

from . import access, services
from .forms import (
    AnforderungForm,
    AufgabeForm,
    AufgabeStatusForm,
    BeitragForm,
    BerichtForm,
    BeteiligungForm,
    EinladungAntwortForm,
    FallbesprechungForm,
    LoeschfristForm,
    PersonForm,
    ProtokollForm,
    VerbindungFormSet,
    VorgangForm,
)
from .models import (
    AnalyseBeitrag,
    Analysevorgang,
    Aufgabe,
    Auswertebericht,
    BeitragDatei,
    Beitragsanforderung,
    Beteiligung,
    Einladung,
    Fallbesprechung,
)

PER_PAGE = 50
READ_LOG_PAGE_SIZE = 50


def _vorgang(request, pk):
    return get_visible_or_404(
        request,
        Analysevorgang.objects.visible_to(request.user).select_related("fallfuehrung", "anfragende_behoerde"),
        pk=pk,
    )


def _refused(request, vorgang, error: ValidationError, vorgang_name: str) -> None:
    """Show the German message(s) and audit the refused input (nothing was changed)."""
    for message in error.messages:
        messages.error(request, message)
    audit_log(
        aktion=Aktion.ANALYSE_ABGELEHNT,
        request=request,
        objekt=vorgang,
        vorgang=vorgang_name,
        grund=" ".join(error.messages)[:500],
    )


def _form_refused(request, vorgang, form, vorgang_name: str) -> None:
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    _refused(
        request, vorgang, ValidationError(errors or [_("Bitte prüfen Sie Ihre Eingaben.")]), vorgang_name
    )


def _run(request, vorgang, vorgang_name: str, action, success: str) -> bool:
    try:
        action()
    except ValidationError as error:
        _refused(request, vorgang, error, vorgang_name)
        return False
    messages.success(request, success)
    return True


def _form_step(request, vorgang, form, vorgang_name: str, action, success: str, then: str):
    """A step posted from the Vorgang page: `action(cleaned_data)` when the form is valid, otherwise the
    German messages and an audit entry; back to `then` either way."""
    if form.is_valid():
        _run(request, vorgang, vorgang_name, lambda: action(form.cleaned_data), success)
    else:
        _form_refused(request, vorgang, form, vorgang_name)
    return redirect(then)


def _form_page(
    request, vorgang, form, vorgang_name: str, action, success: str, then: str, template: str, context=None
):
    """A step with a form page of its own: GET shows it; a valid POST runs `action(cleaned_data)` and goes
    back to `then`; an invalid POST, or one the service refuses, shows the form again with the German
    messages and the person's input."""
    if request.method == "POST":
        if form.is_valid():
            if _run(request, vorgang, vorgang_name, lambda: action(form.cleaned_data), success):
                return redirect(then)
        else:
            _form_refused(request, vorgang, form, vorgang_name)
    return render(request, template, {"vorgang": vorgang, "form": form, **(context or {})})


def _confirmed_step(
    request, vorgang, confirmation: Confirmation, vorgang_name: str, action, success: str, then: str
):
    """An irreversible step: the confirmation page first (GET, or a POST without the confirmation or with
    an invalid reason form), then the step, its message and the way back to `then`."""
    page = ask_first(request, confirmation)
    if page is not None:
        return page
    _run(request, vorgang, vorgang_name, action, success)
    return redirect(then)


# --- Overview ---------------------------------------------------------------------------------


def _overview_rows(queryset):
    today = timezone.localdate()
    offene_aufgaben = Aufgabe.objects.filter(fallbesprechung__vorgang=OuterRef("pk")).exclude(
        status=Aufgabe.Status.ERLEDIGT
    )
    return (
        queryset.select_related("fallfuehrung", "anfragende_behoerde")
        .annotate(
            beteiligte=Count(
                "beteiligungen", filter=Q(beteiligungen__entfernt_am__isnull=True), distinct=True
            ),
            beitraege_offen=Count(
                "anforderungen", filter=Q(anforderungen__beitraege__isnull=True), distinct=True
            ),
            naechste_beitragsfrist=Min(
                "anforderungen__frist", filter=Q(anforderungen__beitraege__isnull=True)
            ),
            aufgaben_offen=Count(
                "fallbesprechungen__aufgaben",
                filter=~Q(fallbesprechungen__aufgaben__status=Aufgabe.Status.ERLEDIGT),
                distinct=True,
            ),
            aufgaben_ueberfaellig=Exists(offene_aufgaben.filter(frist__lt=today)),
        )
        .order_by("-erstellt", "-id")
    )


@require_GET
def uebersicht(request):
    """Cases: the Geschäftsstelle sees all with status, due contributions, open tasks and deletion dates;
    others the cases they are named in."""
    vorgaenge = Analysevorgang.objects.visible_to(request.user)
    status = request.GET.get("status", "")
    if status in Analysevorgang.Status.values:
        vorgaenge = vorgaenge.filter(status=status)
    else:
        status = ""
    page = Paginator(_overview_rows(vorgaenge), PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "analysen/uebersicht.html",
        {
            "page": page,
            "status": status,
            "status_choices": Analysevorgang.Status.choices,
            "ist_geschaeftsstelle": access.can_open(request.user),
            "offene_anfragen": Anfrage.objects.filter(
                art=Anfrage.Art.ANALYSE_360,
                status__in=[Anfrage.Status.EINGEGANGEN, Anfrage.Status.IN_BEARBEITUNG],
                analysevorgaenge__isnull=True,
            ).select_related("behoerde")[:20]
            if access.can_open(request.user)
            else [],
        },
    )


@require_GET
def export_csv(request):
    """The overview as CSV for the annual report: no case content, cells neutralised against formulas."""
    require(request, access.can_open(request.user))
    stream = io.StringIO()
    writer = SafeCsvWriter(stream)
    writer.writerow(
        [
            "Aktenzeichen",
            "Status",
            "Einstufung",
            "anfragende Behörde",
            "beteiligte Behörden",
            "ausstehende Beiträge",
            "offene Aufgaben",
            "eröffnet am",
            "abgeschlossen am",
            "Löschfrist",
        ]
    )
    rows = _overview_rows(Analysevorgang.objects.visible_to(request.user))
    for v in rows:
        writer.writerow(
            [
                v.aktenzeichen,
                v.get_status_display(),
                v.get_klassifikation_display(),
                v.anfragende_behoerde.name if v.anfragende_behoerde else "",
                v.beteiligte,
                v.beitraege_offen,
                v.aufgaben_offen,
                timezone.localtime(v.erstellt).strftime("%d.%m.%Y"),
                timezone.localtime(v.abgeschlossen_am).strftime("%d.%m.%Y") if v.abgeschlossen_am else "",
                v.loeschfrist.strftime("%d.%m.%Y"),
            ]
        )
    audit_log(
        aktion=Aktion.EXPORT, request=request, objekt_typ="analysen.analysevorgang", zeilen=rows.count()
    )
    response = HttpResponse("\ufeff" + stream.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="360-analysen-uebersicht.csv"'
    response["Cache-Control"] = "no-store, private"
    return response


@require_http_methods(["GET", "POST"])
def vorgang_neu(request):
    """Open a case (Geschäftsstelle), optionally from a 360°-Anfrage (`?anfrage=<id>`)."""
    require(request, access.can_open(request.user))
    anfrage = None
    raw = request.GET.get("anfrage") or request.POST.get("anfrage") or ""
    if raw:
        anfrage = get_visible_or_404(
            request,
            Anfrage.objects.visible_to(request.user)
            .filter(art=Anfrage.Art.ANALYSE_360)
            .select_related("behoerde"),
            pk=parse_id(raw) or 0,
        )
    initial = {"fallfuehrung": request.user.pk}
    if anfrage is not None:
        initial.update(
            betreff=anfrage.betreff, zweck=anfrage.beschreibung, rechtsgrundlage=anfrage.rechtsgrundlage
        )
    form = VorgangForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                vorgang = services.vorgang_open(by=request.user, anfrage=anfrage, **data)
            except ValidationError as error:
                for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                    form.add_error(field, errors)
                audit_log(
                    aktion=Aktion.ANALYSE_ABGELEHNT, request=request, objekt_typ="analysen.analysevorgang",
                    vorgang="eroeffnen", grund=" ".join(error.messages)[:500],
                )  # fmt: skip
            else:
                messages.success(
                    request, _("Der Vorgang %(az)s wurde eröffnet.") % {"az": vorgang.aktenzeichen}
                )
                return redirect(vorgang)
        else:
            audit_log(
                aktion=Aktion.ANALYSE_ABGELEHNT, request=request, objekt_typ="analysen.analysevorgang",
                vorgang="eroeffnen", grund="Formular ungültig",
            )  # fmt: skip
    return render(request, "analysen/vorgang_form.html", {"form": form, "anfrage": anfrage})


# --- The case page ----------------------------------------------------------------------------


@require_GET
def detail(request, pk):
    vorgang = _vorgang(request, pk)
    user = request.user
    manage = access.can_manage(user, vorgang)
    beteiligung = access.participation_of(user, vorgang)
    beteiligungen = list(
        vorgang.beteiligungen.select_related("behoerde", "entfernt_von").prefetch_related("personen")
    )
    anforderungen = list(
        vorgang.anforderungen.select_related("behoerde").annotate(versionen=Count("beitraege"))
    )
    beitraege = services.current_contributions(vorgang)
    if not manage:
        own = beteiligung.behoerde_id if beteiligung else None
        beitraege = [b for b in beitraege if b.anforderung.behoerde_id == own]
        anforderungen = [a for a in anforderungen if a.behoerde_id == own]
    dateien = {}
    for row in BeitragDatei.objects.filter(beitrag__in=beitraege).select_related("datei"):
        dateien.setdefault(row.beitrag_id, []).append(row)
    earlier = {}
    if manage:
        # The Geschäftsstelle sees every earlier version under the current one (nothing changes silently).
        for older in AnalyseBeitrag.objects.filter(anforderung__vorgang=vorgang).exclude(
            pk__in=[b.pk for b in beitraege]
        ):
            earlier.setdefault(older.anforderung_id, []).append(older)
    for beitrag in beitraege:
        beitrag.dateiliste = dateien.get(beitrag.pk, [])
        beitrag.fruehere = earlier.get(beitrag.anforderung_id, [])
    bericht = (
        Auswertebericht.objects.filter(vorgang=vorgang)
        .select_related("verfasst_von", "freigegeben_von")
        .prefetch_related("verbindungen")
        .first()
    )
    bericht_lesbar = bericht is not None and access.can_read_report(user, vorgang)
    if bericht_lesbar and bericht.status == Auswertebericht.Status.FREIGEGEBEN:
        audit_log(
            aktion=Aktion.OBJEKT_ANGESEHEN, request=request, objekt=bericht, vorgang=vorgang.aktenzeichen
        )
    besprechungen = list(
        vorgang.fallbesprechungen.prefetch_related("einladungen__person__behoerde", "aufgaben__behoerde")
    )
    for besprechung in besprechungen:
        besprechung.meine_einladung = next(
            (e for e in besprechung.einladungen.all() if e.person_id == user.pk), None
        )
        for aufgabe in besprechung.aufgaben.all():
            aufgabe.darf_aendern = access.can_update_task(user, aufgabe) and not vorgang.ist_abgeschlossen
    read_log = []
    if bericht is not None and access.can_see_read_log(user, vorgang):
        read_log = list(_read_log(bericht)[:10])
    return render(
        request,
        "analysen/detail.html",
        {
            "vorgang": vorgang,
            "manage": manage,
            "offen": not vorgang.ist_abgeschlossen and not vorgang.inhalte_geloescht_am,
            "beteiligung": beteiligung,
            "beteiligungen": beteiligungen,
            "anforderungen": anforderungen,
            "beitraege": beitraege,
            "kann_beitragen": access.can_contribute(user, vorgang),
            "bericht": bericht,
            "bericht_lesbar": bericht_lesbar,
            "kann_freigeben": bericht is not None and access.can_release_report(user, bericht),
            "besprechungen": besprechungen,
            "read_log": read_log,
            "kann_read_log": bericht is not None and access.can_see_read_log(user, vorgang),
            "beteiligung_form": BeteiligungForm() if manage else None,
            "anforderung_form": AnforderungForm() if manage else None,
            "aufgabe_status_choices": Aufgabe.Status.choices,
            "heute": timezone.localdate(),
        },
    )


# --- Participants -----------------------------------------------------------------------------


@require_POST
def beteiligung_add(request, pk):
    vorgang = _vorgang(request, pk)
    require(request, access.can_manage(request.user, vorgang))
    return _form_step(
        request, vorgang, BeteiligungForm(request.POST), "beteiligung_hinzu",
        lambda data: services.beteiligung_add(vorgang=vorgang, behoerde=data["behoerde"], by=request.user, grund=data["grund"]),
        _("Die Behörde ist jetzt beteiligt. Benennen Sie ihre Personen."),
        then=vorgang.get_absolute_url() + "#beteiligte",
    )  # fmt: skip


def _beteiligung(request, vorgang, bpk):
    return get_visible_or_404(
        request, Beteiligung.objects.filter(vorgang=vorgang).select_related("behoerde", "vorgang"), pk=bpk
    )


@require_POST
def person_benennen(request, pk, bpk):
    vorgang = _vorgang(request, pk)
    require(request, access.can_manage(request.user, vorgang))
    beteiligung = _beteiligung(request, vorgang, bpk)
    form = PersonForm(request.POST)
    if form.is_valid():
        person = (
            get_user_model().objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        )
        if person is None:
            _refused(
                request,
                vorgang,
                ValidationError(_("Unter dieser E-Mail-Adresse ist keine aktive Person bekannt.")),
                "person_benennen",
            )
        else:
            _run(
                request, vorgang, "person_benennen",
                lambda: services.person_benennen(beteiligung=beteiligung, person=person, by=request.user),
                _("%(person)s ist jetzt für den Vorgang benannt.") % {"person": person},
            )  # fmt: skip
    else:
        _form_refused(request, vorgang, form, "person_benennen")
    return redirect(vorgang.get_absolute_url() + "#beteiligte")


@require_http_methods(["GET", "POST"])
def beteiligung_remove(request, pk, bpk):
    vorgang = _vorgang(request, pk)
    require(request, access.can_manage(request.user, vorgang))
    beteiligung = _beteiligung(request, vorgang, bpk)
    form = reason_form(request, label=_("Grund der Entfernung"))
    return _confirmed_step(
        request,
        vorgang,
        Confirmation(
            title=_("Behörde aus dem Vorgang entfernen?"),
            what_happens=_(
                "%(behoerde)s und ihre benannten Personen verlieren sofort den Zugang zum Vorgang %(az)s."
            )
            % {"behoerde": beteiligung.behoerde.name, "az": vorgang.aktenzeichen},
            submit_label=_("Behörde entfernen"),
            cancel_url=vorgang.get_absolute_url(),
            form=form,
        ),
        "beteiligung_entfernen",
        lambda: services.beteiligung_remove(beteiligung=beteiligung, by=request.user, grund=form.cleaned_data["grund"]),
        _("Die Behörde ist nicht mehr beteiligt."),
        then=vorgang.get_absolute_url() + "#beteiligte",
    )  # fmt: skip


# --- Contributions ----------------------------------------------------------------------------


@require_POST
def beitraege_anfordern(request, pk):
    vorgang = _vorgang(request, pk)
    require(request, access.can_manage(request.user, vorgang))
    return _form_step(
        request, vorgang, AnforderungForm(request.POST), "beitraege_anfordern",
        lambda data: services.beitraege_anfordern(vorgang=vorgang, by=request.user, frist=data["frist"]),
        _("Die beteiligten Behörden wurden um ihre Beiträge gebeten."),
        then=vorgang.get_absolute_url() + "#beitraege",
    )  # fmt: skip


@require_POST
def beitrag_erinnern(request, pk, apk):
    vorgang = _vorgang(request, pk)
    require(request, access.can_manage(request.user, vorgang))
    anforderung = get_visible_or_404(
        request, Beitragsanforderung.objects.filter(vorgang=vorgang).select_related("vorgang"), pk=apk
    )
    _run(
        request, vorgang, "beitrag_erinnern",
        lambda: services.beitrag_erinnern(anforderung=anforderung, by=request.user),
        _("Die Behörde wurde erinnert."),
    )  # fmt: skip
    return redirect(vorgang.get_absolute_url() + "#beitraege")


@require_http_methods(["GET", "POST"])
def beitrag(request, pk):
    """The contribution of the person's authority: a new version each time it is submitted."""
    vorgang = _vorgang(request, pk)
    require(request, access.participation_of(request.user, vorgang) is not None)
    return _form_page(
        request, vorgang, BeitragForm(request.POST or None), "beitrag_einreichen",
        lambda data: services.beitrag_einreichen(
            vorgang=vorgang, by=request.user, text=data["text"], quellenkategorie=data["quellenkategorie"],
            rechtsgrundlage=data["rechtsgrundlage"], uploads=request.FILES.getlist("dateien"),
        ),
        _("Ihr Beitrag wurde übermittelt."),
        then=vorgang.get_absolute_url() + "#beitraege",
        template="analysen/beitrag_form.html",
    )  # fmt: skip


@require_GET
def beitrag_datei(request, pk):
    """A file of a contribution: the Geschäftsstelle and the contributing authority's named people."""
    visible = Analysevorgang.objects.visible_to(request.user)
    row = get_visible_or_404(
        request,
        BeitragDatei.objects.filter(beitrag__anforderung__vorgang__in=visible).select_related(
            "datei", "beitrag__anforderung__vorgang"
        ),
        pk=pk,
    )
    vorgang = row.beitrag.anforderung.vorgang
    if not access.can_manage(request.user, vorgang):
        beteiligung = access.participation_of(request.user, vorgang)
        require(
            request,
            beteiligung is not None and beteiligung.behoerde_id == row.beitrag.anforderung.behoerde_id,
        )
    audit_log(
        aktion=Aktion.DATEI_HERUNTERGELADEN, request=request, objekt=row.datei, vorgang=vorgang.aktenzeichen
    )
    return _download(request, vorgang, row.datei)


def _download(request, vorgang, datei):
    if vorgang.ist_vsnfd and datei.is_pdf:
        with datei.datei.open("rb") as handle:
            stamped = stamp_pdf(handle.read(), zeile=abruf_zeile(request.user, timezone.now()))
        return download_response(datei, content=stamped)
    return download_response(datei)


# --- Report -----------------------------------------------------------------------------------


VERBINDUNG_FIELDS = ("von_name", "von_art", "beziehung", "zu_name", "zu_art", "quelle")


@require_http_methods(["GET", "POST"])
def bericht(request, pk):
    """The draft report with its table of links (a formset: three empty rows more after each save)."""
    vorgang = _vorgang(request, pk)
    require(request, access.can_manage(request.user, vorgang))
    bericht = Auswertebericht.objects.filter(vorgang=vorgang).first()
    form = BerichtForm(request.POST or None, request.FILES or None, instance=bericht)
    initial = [
        {name: getattr(v, name) for name in VERBINDUNG_FIELDS} for v in (bericht.verbindungen.all() if bericht else [])
    ]  # fmt: skip
    formset = VerbindungFormSet(request.POST or None, initial=initial, prefix="verbindung")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            if _run(
                request, vorgang, "bericht_speichern",
                lambda: services.bericht_speichern(
                    vorgang=vorgang, by=request.user, fragestellung=data["fragestellung"], quellen=data["quellen"],
                    erkenntnisse=data["erkenntnisse"], empfehlungen=data["empfehlungen"],
                    verbindungen=formset.rows(), pdf_upload=data.get("pdf_upload"),
                ),
                _("Der Bericht wurde gespeichert."),
            ):  # fmt: skip
                return redirect(vorgang.get_absolute_url() + "#bericht")
        else:
            errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
            errors += [str(e) for e in formset.non_form_errors()]
            for number, row in enumerate(formset.forms, start=1):
                errors += [
                    _("Verbindung %(nr)s: %(msg)s") % {"nr": number, "msg": e}
                    for field_errors in row.errors.values()
                    for e in field_errors
                ]
            _refused(
                request, vorgang, ValidationError(errors or [_("Bitte prüfen Sie Ihre Eingaben.")]), "bericht_speichern"
            )  # fmt: skip
    return render(
        request,
        "analysen/bericht_form.html",
        {
            "vorgang": vorgang,
            "form": form,
            "formset": formset,
            "bericht": bericht,
            "beitraege": services.current_contributions(vorgang),
        },
    )


def _bericht(request, vorgang):
    return get_visible_or_404(request, Auswertebericht.objects.filter(vorgang=vorgang), vorgang=vorgang)


@require_http_methods(["GET", "POST"])
def bericht_einreichen(request, pk):
    vorgang = _vorgang(request, pk)
    require(request, access.can_manage(request.user, vorgang))
    bericht = _bericht(request, vorgang)
    return _confirmed_step(
        request,
        vorgang,
        Confirmation(
            title=_("Bericht zur Freigabe einreichen?"),
            what_happens=_(
                "Der Bericht kann danach nicht mehr geändert werden; die verwendeten Beiträge werden gesperrt. "
                "Eine andere Person der Geschäftsstelle gibt ihn frei."
            ),
            submit_label=_("Zur Freigabe einreichen"),
            cancel_url=vorgang.get_absolute_url() + "#bericht",
        ),
        "bericht_einreichen",
        lambda: services.bericht_einreichen(bericht=bericht, by=request.user),
        _("Der Bericht ist zur Freigabe eingereicht."),
        then=vorgang.get_absolute_url() + "#bericht",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def bericht_freigeben(request, pk):
    vorgang = _vorgang(request, pk)
    require(request, access.can_manage(request.user, vorgang))
    bericht = _bericht(request, vorgang)
    return _confirmed_step(
        request,
        vorgang,
        Confirmation(
            title=_("Bericht freigeben?"),
            what_happens=_("Alle benannten Personen der beteiligten Behörden können den Bericht dann lesen."),
            submit_label=_("Bericht freigeben"),
            cancel_url=vorgang.get_absolute_url() + "#bericht",
        ),
        "bericht_freigeben",
        lambda: services.bericht_freigeben(bericht=bericht, by=request.user),
        _("Der Bericht ist freigegeben und an die Beteiligten verteilt."),
        then=vorgang.get_absolute_url() + "#bericht",
    )  # fmt: skip


@require_GET
def bericht_pdf(request, pk):
    """The final PDF, stamped with the reader and time for VS-NfD cases; logged like Lagebilder."""
    vorgang = _vorgang(request, pk)
    require(request, access.can_read_report(request.user, vorgang))
    bericht = get_visible_or_404(
        request,
        Auswertebericht.objects.filter(vorgang=vorgang, pdf__isnull=False).select_related("pdf"),
        vorgang=vorgang,
    )
    audit_log(
        aktion=Aktion.DATEI_HERUNTERGELADEN,
        request=request,
        objekt=bericht,
        vorgang=vorgang.aktenzeichen,
        datei_id=bericht.pdf_id,
        gestempelt=bool(vorgang.ist_vsnfd and bericht.pdf.is_pdf) or None,
    )
    return _download(request, vorgang, bericht.pdf)


def _read_log(bericht):
    return AuditEntry.objects.filter(
        objekt_typ="analysen.auswertebericht",
        objekt_id=str(bericht.pk),
        aktion__in=[Aktion.OBJEKT_ANGESEHEN, Aktion.DATEI_HERUNTERGELADEN],
    )


@require_GET
def bericht_abrufe(request, pk):
    """Every view and download of the report: the Geschäftsstelle and the requesting authority."""
    vorgang = _vorgang(request, pk)
    require(request, access.can_see_read_log(request.user, vorgang))
    bericht = _bericht(request, vorgang)
    page = Paginator(_read_log(bericht), READ_LOG_PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "analysen/abrufe.html", {"vorgang": vorgang, "page": page})


# --- Fallbesprechung --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def fallbesprechung_neu(request, pk):
    vorgang = _vorgang(request, pk)
    require(request, access.can_manage(request.user, vorgang))
    kandidaten = list(
        get_user_model()
        .objects.filter(pk__in=Beteiligung.objects.active().filter(vorgang=vorgang).values("personen"))
        .select_related("behoerde")
    )
    form = FallbesprechungForm(request.POST or None)
    if request.method == "POST":
        raw = [pk for value in request.POST.getlist("eingeladene") if (pk := parse_id(value)) is not None]
        eingeladene = list(get_user_model().objects.filter(pk__in=raw))
        if len(eingeladene) != len(set(request.POST.getlist("eingeladene"))):
            _refused(
                request,
                vorgang,
                ValidationError(_("Mindestens eine eingeladene Person ist unbekannt.")),
                "fallbesprechung",
            )
        elif form.is_valid():
            data = form.cleaned_data
            if _run(
                request, vorgang, "fallbesprechung",
                lambda: services.fallbesprechung_ansetzen(vorgang=vorgang, by=request.user, eingeladene=eingeladene, **data),
                _("Die Fallbesprechung ist angesetzt; die Eingeladenen erhalten eine E-Mail mit Kalendereintrag."),
            ):  # fmt: skip
                return redirect(vorgang.get_absolute_url() + "#fallbesprechungen")
        else:
            _form_refused(request, vorgang, form, "fallbesprechung")
    gewaehlt = set(request.POST.getlist("eingeladene"))
    return render(
        request,
        "analysen/fallbesprechung_form.html",
        {"vorgang": vorgang, "form": form, "kandidaten": kandidaten, "gewaehlt": gewaehlt},
    )


def _besprechung(request, fpk):
    visible = Analysevorgang.objects.visible_to(request.user)
    return get_visible_or_404(
        request, Fallbesprechung.objects.filter(vorgang__in=visible).select_related("vorgang"), pk=fpk
    )


@require_http_methods(["GET", "POST"])
def fallbesprechung_aendern(request, fpk):
    """Change time, place or agenda; the invited people get the updated calendar entry."""
    besprechung = _besprechung(request, fpk)
    vorgang = besprechung.vorgang
    require(request, access.can_manage(request.user, vorgang))
    initial = {
        "beginn": timezone.localtime(besprechung.beginn), "dauer_minuten": besprechung.dauer_minuten,
        "ort": besprechung.ort, "video_link": besprechung.video_link, "tagesordnung": besprechung.tagesordnung,
    }  # fmt: skip
    return _form_page(
        request, vorgang, FallbesprechungForm(request.POST or None, initial=initial), "fallbesprechung_aendern",
        lambda data: services.fallbesprechung_aendern(besprechung=besprechung, by=request.user, **data),
        _("Die Fallbesprechung ist geändert; die Eingeladenen erhalten einen aktualisierten Kalendereintrag."),
        then=vorgang.get_absolute_url() + "#fallbesprechungen",
        template="analysen/fallbesprechung_form.html",
        context={"besprechung": besprechung},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def fallbesprechung_absagen(request, fpk):
    besprechung = _besprechung(request, fpk)
    vorgang = besprechung.vorgang
    require(request, access.can_manage(request.user, vorgang))
    return _confirmed_step(
        request,
        vorgang,
        Confirmation(
            title=_("Fallbesprechung absagen?"),
            what_happens=_(
                "Die Fallbesprechung am %(am)s wird abgesagt. Alle Eingeladenen erhalten eine Absage, die den "
                "Kalendereintrag entfernt. Das lässt sich nicht rückgängig machen."
            )
            % {"am": timezone.localtime(besprechung.beginn).strftime("%d.%m.%Y %H:%M")},
            submit_label=_("Fallbesprechung absagen"),
            cancel_url=vorgang.get_absolute_url() + "#fallbesprechungen",
        ),
        "fallbesprechung_absagen",
        lambda: services.fallbesprechung_absagen(besprechung=besprechung, by=request.user),
        _("Die Fallbesprechung ist abgesagt; die Eingeladenen wurden benachrichtigt."),
        then=vorgang.get_absolute_url() + "#fallbesprechungen",
    )  # fmt: skip


@require_POST
def einladung_antwort(request, fpk):
    besprechung = _besprechung(request, fpk)
    einladung = get_visible_or_404(
        request, Einladung.objects.filter(fallbesprechung=besprechung, person=request.user).select_related("fallbesprechung__vorgang"),
        fallbesprechung=besprechung,
    )  # fmt: skip
    return _form_step(
        request, besprechung.vorgang, EinladungAntwortForm(request.POST), "einladung_antwort",
        lambda data: services.einladung_beantworten(einladung=einladung, by=request.user, antwort=data["antwort"]),
        _("Ihre Antwort wurde gespeichert."),
        then=besprechung.vorgang.get_absolute_url() + "#fallbesprechungen",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def protokoll(request, fpk):
    besprechung = _besprechung(request, fpk)
    vorgang = besprechung.vorgang
    require(request, access.can_manage(request.user, vorgang))
    return _form_page(
        request, vorgang, ProtokollForm(request.POST or None, initial={"protokoll": besprechung.protokoll}), "protokoll",
        lambda data: services.protokoll_freigeben(besprechung=besprechung, by=request.user, protokoll=data["protokoll"]),
        _("Das Protokoll ist freigegeben."),
        then=vorgang.get_absolute_url() + "#fallbesprechungen",
        template="analysen/protokoll_form.html",
        context={"besprechung": besprechung},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def aufgabe_neu(request, fpk):
    besprechung = _besprechung(request, fpk)
    vorgang = besprechung.vorgang
    require(request, access.can_manage(request.user, vorgang))
    return _form_page(
        request, vorgang, AufgabeForm(request.POST or None), "aufgabe",
        lambda data: services.aufgabe_anlegen(besprechung=besprechung, by=request.user, **data),
        _("Die Aufgabe wurde angelegt."),
        then=vorgang.get_absolute_url() + "#fallbesprechungen",
        template="analysen/aufgabe_form.html",
        context={"besprechung": besprechung},
    )  # fmt: skip


@require_POST
def aufgabe_status(request, apk):
    visible = Analysevorgang.objects.visible_to(request.user)
    aufgabe = get_visible_or_404(
        request,
        Aufgabe.objects.filter(fallbesprechung__vorgang__in=visible).select_related(
            "fallbesprechung__vorgang"
        ),
        pk=apk,
    )
    vorgang = aufgabe.fallbesprechung.vorgang
    return _form_step(
        request, vorgang, AufgabeStatusForm(request.POST), "aufgabe_status",
        lambda data: services.aufgabe_status_setzen(aufgabe=aufgabe, by=request.user, status=data["status"]),
        _("Der Status der Aufgabe wurde gespeichert."),
        then=vorgang.get_absolute_url() + "#fallbesprechungen",
    )  # fmt: skip


# --- Closing and deletion date ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def abschliessen(request, pk):
    vorgang = _vorgang(request, pk)
    require(request, access.can_manage(request.user, vorgang))
    return _confirmed_step(
        request,
        vorgang,
        Confirmation(
            title=_("Vorgang abschließen?"),
            what_happens=_(
                "Der Vorgang %(az)s wird abgeschlossen. Am %(datum)s werden Beiträge, Dateien, Bericht und "
                "Protokolle gelöscht; Aktenzeichen, Daten, Beteiligte und Protokolleinträge bleiben."
            )
            % {"az": vorgang.aktenzeichen, "datum": vorgang.loeschfrist.strftime("%d.%m.%Y")},
            submit_label=_("Vorgang abschließen"),
            cancel_url=vorgang.get_absolute_url(),
        ),
        "abschliessen",
        lambda: services.vorgang_abschliessen(vorgang=vorgang, by=request.user),
        _("Der Vorgang ist abgeschlossen."),
        then=vorgang,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def loeschfrist(request, pk):
    vorgang = _vorgang(request, pk)
    require(request, access.can_manage(request.user, vorgang))
    source = request.POST if request.method == "POST" else request.GET
    form = LoeschfristForm(
        confirmed_data(request),
        initial={"loeschfrist": source.get("loeschfrist", ""), "grund": source.get("grund", "")},
    )
    return _confirmed_step(
        request,
        vorgang,
        Confirmation(
            title=_("Löschfrist verlängern?"),
            what_happens=_(
                "Die Löschfrist des Vorgangs %(az)s (bisher %(datum)s) kann nur einmal verlängert werden."
            )
            % {"az": vorgang.aktenzeichen, "datum": vorgang.loeschfrist.strftime("%d.%m.%Y")},
            submit_label=_("Löschfrist verlängern"),
            cancel_url=vorgang.get_absolute_url(),
            form=form,
        ),
        "loeschfrist",
        lambda: services.loeschfrist_verlaengern(
            vorgang=vorgang, by=request.user, loeschfrist=form.cleaned_data["loeschfrist"], grund=form.cleaned_data["grund"]
        ),
        _("Die Löschfrist wurde verlängert."),
        then=vorgang,
    )  # fmt: skip
