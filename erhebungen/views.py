"""Erhebungen views: thin – parse the request, ask access/services/lage, render."""

import io

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import Aktion
from audit.services import audit_log
from portal.access import get_visible_or_404, require
from portal.confirmation import Confirmation, ask_first
from portal.exports import SafeCsvWriter, xlsx_append
from portal.ids import parse_id
from portal.paginator import CountedPaginator

from . import access, charts, services, spreadsheet
from .forms import ErhebungForm, IndikatorForm
from .lage import Ebene, erhebungen_with_counts, meldestand, shared_lage
from .models import Erhebung, Indikator, IndikatorVersion, Meldung, Typ
from .parsing import display_value, input_value

ERHEBUNGEN_PER_PAGE = 20


def index(request):
    """Campaigns this person takes part in (all for the Geschäftsstelle), newest first, 20 per page."""
    user = request.user
    visible = access.erhebungen_visible_to(user)
    # Counted without the per-campaign figures.
    page = CountedPaginator(
        erhebungen_with_counts(visible).order_by("-zeitraum_von", "pk"),
        ERHEBUNGEN_PER_PAGE,
        count=visible.count(),
    ).get_page(request.GET.get("seite"))
    eigene = {}
    if user.behoerde_id:
        eigene = {
            m.erhebung_id: m
            for m in Meldung.objects.filter(
                behoerde_id=user.behoerde_id, erhebung_id__in=[e.pk for e in page.object_list]
            )
        }
    rows = [{"erhebung": e, "meldung": eigene.get(e.pk)} for e in page.object_list]
    return render(
        request,
        "erhebungen/index.html",
        {"rows": rows, "page": page, "darf_verwalten": access.can_manage(user)},
    )


def erhebung_detail(request, pk):
    erhebung = get_visible_or_404(request, access.erhebungen_visible_to(request.user), pk=pk)
    context = {"erhebung": erhebung, "darf_verwalten": access.can_manage(request.user)}
    if context["darf_verwalten"]:
        context["stand"] = meldestand(erhebung)
        context["anzahl_eingereicht"] = sum(1 for r in context["stand"] if r["eingereicht"])
        context["anzahl_verspaetet"] = sum(1 for r in context["stand"] if r["verspaetet"])
    else:
        context["meldung"] = Meldung.objects.filter(
            erhebung=erhebung, behoerde_id=request.user.behoerde_id
        ).first()
    context["indikatoren"] = erhebung.indikatoren.select_related("indikator__fachgebiet").order_by(
        "indikator__fachgebiet__reihenfolge", "indikator__reihenfolge"
    )
    return render(request, "erhebungen/erhebung_detail.html", context)


def meine_meldung(request, pk):
    """Open (creating once) the own authority's submission for a campaign."""
    erhebung = get_visible_or_404(request, access.erhebungen_visible_to(request.user), pk=pk)
    require(
        request,
        bool(request.user.behoerde_id) and erhebung.behoerden.filter(pk=request.user.behoerde_id).exists(),
    )
    meldung = services.meldung_get_or_create(erhebung=erhebung, behoerde=request.user.behoerde)
    return redirect("erhebungen:meldung", pk=meldung.pk)


def _meldung_queryset(user):
    return access.meldungen_visible_to(user).select_related("erhebung", "behoerde", "eingereicht_von")


def _form_groups(meldung, raw=None, errors=None):
    """Group the campaign's indicators by Fachgebiet with current input values and errors."""
    raw, errors = raw or {}, errors or {}
    werte = {w.indikator_version_id: w for w in meldung.werte.all()}
    erkenntnisse = {e.fachgebiet_id: e.text for e in meldung.erkenntnisse.all()}
    groups: dict[int, dict] = {}
    versionen = meldung.erhebung.indikatoren.select_related("indikator__fachgebiet").order_by(
        "indikator__fachgebiet__reihenfolge", "indikator__reihenfolge", "indikator__schluessel"
    )
    for version in versionen:
        fg = version.indikator.fachgebiet
        group = groups.setdefault(
            fg.pk,
            {
                "fachgebiet": fg,
                "items": [],
                "erkenntnis": raw.get(f"erkenntnis_{fg.pk}", erkenntnisse.get(fg.pk, "")),
            },
        )
        wert = werte.get(version.pk)
        key = f"wert_{version.pk}"
        group["items"].append(
            {
                "version": version,
                "name": key,
                "value": raw.get(key, input_value(version, wert.zahl, wert.text) if wert else ""),
                "anzeige": display_value(version, wert.zahl, wert.text) if wert else "",
                "error": errors.get(key),
            }
        )
    return list(groups.values())


def meldung_detail(request, pk):
    """Show and edit a submission: the authority's own, or any for the Geschäftsstelle (others: 404)."""
    meldung = get_visible_or_404(request, _meldung_queryset(request.user), pk=pk)
    user = request.user
    refusal = access.edit_refusal(user, meldung)
    raw, errors = None, None
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect("erhebungen:meldung", pk=meldung.pk)
        submit = request.POST.get("aktion") == "einreichen"
        if submit:
            page = ask_first(
                request,
                Confirmation(
                    title=_("Meldung für „%(erhebung)s“ einreichen?") % {"erhebung": meldung.erhebung.titel},
                    what_happens=_(
                        "Die Werte gehen als Meldung von %(behoerde)s an die Geschäftsstelle und fließen in "
                        "die Gesamtlagedarstellung ein. Danach können Sie die Meldung nicht mehr ändern; "
                        "Korrekturen nimmt nur die Geschäftsstelle vor."
                    )
                    % {"behoerde": meldung.behoerde.name},
                    submit_label=_("Meldung einreichen"),
                    cancel_url=reverse("erhebungen:meldung", args=[meldung.pk]),
                ),
            )
            if page is not None:
                return page
        werte = {}
        for version in meldung.erhebung.indikatoren.all():
            key = f"wert_{version.pk}"
            if key in request.POST:
                werte[version.pk] = request.POST.get(key, "")
        fachgebiete = {
            v.indikator.fachgebiet_id for v in meldung.erhebung.indikatoren.select_related("indikator")
        }
        erkenntnisse = {
            fg: request.POST.get(f"erkenntnis_{fg}", "")
            for fg in fachgebiete
            if f"erkenntnis_{fg}" in request.POST
        }
        try:
            services.meldung_save(
                meldung=meldung, by=user, werte=werte, erkenntnisse=erkenntnisse, submit=submit
            )
        except services.MeldungFehler as exc:
            raw, errors = request.POST, exc.errors
            if exc.general:
                messages.error(request, exc.general)
        else:
            if submit:
                audit_log(aktion=Aktion.MELDUNG_EINGEREICHT, request=request, objekt=meldung)
                messages.success(request, _("Die Meldung wurde eingereicht. Vielen Dank!"))
            else:
                messages.success(request, _("Der Entwurf wurde gespeichert."))
            return redirect("erhebungen:meldung", pk=meldung.pk)
    if access.can_manage(user) and not access.is_own(user, meldung):
        audit_log(aktion=Aktion.OBJEKT_ANGESEHEN, request=request, objekt=meldung)
    context = {
        "meldung": meldung,
        "erhebung": meldung.erhebung,
        "groups": _form_groups(meldung, raw, errors),
        "errors": errors or {},
        "darf_bearbeiten": refusal is None,
        "sperrgrund": refusal if access.is_own(user, meldung) else None,
        "darf_verwalten": access.can_manage(user),
        "historie": meldung.korrekturen.select_related("von"),
        "import_fehler": request.session.pop("erhebungen_import_fehler", None),
    }
    return render(request, "erhebungen/meldung.html", context)


@require_POST
def meldung_import(request, pk):
    """Read a filled-in template and show what it would change; nothing is saved yet."""
    meldung = get_visible_or_404(request, _meldung_queryset(request.user), pk=pk)
    upload = request.FILES.get("datei")
    problems = []
    if upload is None:
        problems = [_("Bitte wählen Sie eine Datei aus.")]
    else:
        try:
            rows = spreadsheet.read_upload(meldung.erhebung, upload)
            services.meldung_import_preview(meldung=meldung, by=request.user, rows=rows)
        except spreadsheet.ImportFehler as exc:
            problems = exc.messages
        except services.MeldungFehler as exc:
            problems = _problem_list(exc)
    if problems:
        audit_log(aktion=Aktion.DATEI_ABGELEHNT, request=request, objekt=meldung, gruende=problems[:5])
        request.session["erhebungen_import_fehler"] = problems[:200]
        messages.error(request, _("Die Datei wurde nicht übernommen; es wurde nichts gespeichert."))
        return redirect("erhebungen:meldung", pk=meldung.pk)
    request.session[_import_key(meldung)] = {"datei": (upload.name or "")[:200], "rows": _session_rows(rows)}
    return redirect("erhebungen:meldung_import_vorschau", pk=meldung.pk)


def _import_key(meldung) -> str:
    return f"erhebungen_import:{meldung.pk}"


def _session_rows(rows) -> list:
    # The session is JSON: numbers and text stay as they are (parse_value reads both), anything else as text.
    return [
        [row_no, key, raw if raw is None or isinstance(raw, (str, int, float)) else str(raw)]
        for row_no, key, raw in rows
    ]


def _problem_list(exc) -> list[str]:
    return ([exc.general] if exc.general else []) + [f"{k}: {v}" for k, v in exc.errors.items()]


@require_http_methods(["GET", "POST"])
def meldung_import_vorschau(request, pk):
    """Preview of an uploaded file (GET) and its confirmation or cancellation (POST)."""
    meldung = get_visible_or_404(request, _meldung_queryset(request.user), pk=pk)
    pending = request.session.get(_import_key(meldung))
    if not pending:
        messages.info(request, _("Es liegt keine hochgeladene Datei zur Übernahme vor."))
        return redirect("erhebungen:meldung", pk=meldung.pk)
    rows = [tuple(row) for row in pending["rows"]]
    if request.method == "POST":
        if "verwerfen" in request.POST:
            request.session.pop(_import_key(meldung), None)
            messages.info(request, _("Die Datei wurde verworfen; es wurde nichts geändert."))
            return redirect("erhebungen:meldung", pk=meldung.pk)
        try:
            services.meldung_import(
                meldung=meldung,
                by=request.user,
                rows=rows,
                leere_zellen_loeschen=request.POST.get("leere_zellen_loeschen") == "1",
            )
        except services.MeldungFehler as exc:
            request.session["erhebungen_import_fehler"] = _problem_list(exc)[:200]
            messages.error(request, _("Die Datei wurde nicht übernommen; es wurde nichts gespeichert."))
        else:
            messages.success(request, _("Die Werte aus der Datei wurden in den Entwurf übernommen."))
        request.session.pop(_import_key(meldung), None)
        return redirect("erhebungen:meldung", pk=meldung.pk)
    try:
        changes = services.meldung_import_preview(meldung=meldung, by=request.user, rows=rows)
    except services.MeldungFehler as exc:
        request.session.pop(_import_key(meldung), None)
        request.session["erhebungen_import_fehler"] = _problem_list(exc)[:200]
        messages.error(request, _("Die Datei wurde nicht übernommen; es wurde nichts gespeichert."))
        return redirect("erhebungen:meldung", pk=meldung.pk)
    art = services.ImportAenderung.Art
    return render(
        request,
        "erhebungen/import_vorschau.html",
        {
            "meldung": meldung,
            "erhebung": meldung.erhebung,
            "datei": pending.get("datei", ""),
            "changes": changes,
            "art": art,
            "anzahl_geaendert": sum(c.art in (art.NEU, art.GEAENDERT) for c in changes),
            "anzahl_leer": sum(c.art == art.LEER for c in changes),
        },
    )


@require_POST
def meldung_korrektur(request, pk):
    meldung = get_visible_or_404(request, _meldung_queryset(request.user), pk=pk)
    require(request, access.can_manage(request.user))
    version_id = parse_id(request.POST.get("indikator_version"))
    version = meldung.erhebung.indikatoren.filter(pk=version_id).first() if version_id is not None else None
    if version is None:
        messages.error(request, _("Bitte wählen Sie einen Indikator der Erhebung aus."))
        return redirect("erhebungen:meldung", pk=meldung.pk)
    try:
        korrektur = services.meldung_correct(
            meldung=meldung,
            indikator_version=version,
            raw=request.POST.get("wert", ""),
            grund=request.POST.get("grund", ""),
            by=request.user,
        )
    except services.MeldungFehler as exc:
        messages.error(request, " ".join([exc.general or "", *exc.errors.values()]).strip())
    else:
        audit_log(
            aktion=Aktion.MELDUNG_KORRIGIERT,
            request=request,
            objekt=meldung,
            feld=korrektur.feld,
        )
        messages.success(request, _("Die Korrektur wurde gespeichert und in der Historie vermerkt."))
    return redirect("erhebungen:meldung", pk=meldung.pk)


@require_POST
def meldung_wiedereroeffnen(request, pk):
    meldung = get_visible_or_404(request, _meldung_queryset(request.user), pk=pk)
    require(request, access.can_manage(request.user))
    try:
        services.meldung_reopen(meldung=meldung, by=request.user, grund=request.POST.get("grund", ""))
    except services.MeldungFehler as exc:
        messages.error(request, " ".join([exc.general or "", *exc.errors.values()]).strip())
    else:
        audit_log(aktion=Aktion.MELDUNG_WIEDEREROEFFNET, request=request, objekt=meldung)
        messages.success(
            request, _("Die Meldung ist wieder geöffnet; die Behörde kann sie ändern und einreichen.")
        )
    return redirect("erhebungen:meldung", pk=meldung.pk)


@require_POST
def meldung_oeffnen_fuer(request, pk, behoerde_pk):
    """Geschäftsstelle: reopen for an authority that has no submission yet (after the deadline)."""
    require(request, access.can_manage(request.user))
    erhebung = get_visible_or_404(request, access.erhebungen_visible_to(request.user), pk=pk)
    behoerde = get_visible_or_404(request, erhebung.behoerden.all(), pk=behoerde_pk)
    meldung = services.meldung_get_or_create(erhebung=erhebung, behoerde=behoerde)
    return meldung_wiedereroeffnen(request, meldung.pk)


def vorlage(request, pk, fmt):
    """Download the spreadsheet template (prefilled with the own draft's values); audited as an export."""
    erhebung = get_visible_or_404(request, access.erhebungen_visible_to(request.user), pk=pk)
    meldung = None
    if request.user.behoerde_id:
        meldung = Meldung.objects.filter(erhebung=erhebung, behoerde_id=request.user.behoerde_id).first()
    filename = f"erhebung-{erhebung.pk}-vorlage.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(
            spreadsheet.template_xlsx(erhebung, meldung),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            spreadsheet.template_csv(erhebung, meldung), content_type="text/csv; charset=utf-8"
        )
    # The template carries the authority's draft values: audited like every other export.
    audit_log(
        aktion=Aktion.EXPORT,
        request=request,
        objekt=meldung or erhebung,
        format=fmt,
        art="vorlage",
        vorbefuellt=meldung is not None,
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _lage(request, export=False):
    return shared_lage(
        export=export,
        user=request.user,
        fachgebiet_slug=request.GET.get("fachgebiet"),
        indikator_key=request.GET.get("indikator"),
        periode_id=request.GET.get("zeitraum"),
        ebene=request.GET.get("ebene", Ebene.BEHOERDE),
        alle_perioden=request.GET.get("unvollstaendige") == "1",
    )


def lage(request):
    """The Gesamtlagedarstellung: aggregates, trends, per 10,000 inhabitants; small counts suppressed."""
    require(request, access.can_view_lage(request.user))
    lage = _lage(request)
    bar = line = None
    if lage.indikator is not None:
        unit = f" ({lage.einheit})" if lage.einheit else ""
        if lage.periode is not None:
            bar = charts.bar_chart(
                chart_id="chart-einheiten",
                title=_("%(ind)s%(unit)s je %(ebene)s, %(periode)s")
                % {
                    "ind": lage.indikator.name,
                    "unit": unit,
                    "ebene": dict(Ebene.CHOICES)[lage.ebene],
                    "periode": lage.periode.titel,
                },
                rows=[(z.name, z.zelle) for z in lage.einheiten],
                typ=lage.typ,
            )
        line = charts.line_chart(
            chart_id="chart-verlauf",
            title=_("%(ind)s%(unit)s im Zeitverlauf, alle meldenden Behörden")
            % {"ind": lage.indikator.name, "unit": unit},
            points=[
                (p.periode_kurz if p.vollstaendig else f"{p.periode_kurz} *", c) for p, c in lage.verlauf
            ],
            typ=lage.typ,
        )
    return render(
        request,
        "erhebungen/lage.html",
        {
            "lage": lage,
            "bar_chart": bar,
            "line_chart": line,
            "ebenen": Ebene.CHOICES,
            "unterdrueckt": not access.sees_small_numbers(request.user),
            "export_query": request.GET.urlencode(),
        },
    )


def lage_export(request, fmt):
    """Export the selected indicator per unit and period as CSV or XLSX (audited)."""
    require(request, access.can_view_lage(request.user))
    lage = _lage(request, export=True)
    if lage.indikator is None:
        raise Http404
    header = [
        _("Zeitraum"),
        _("Erhebung"),
        str(dict(Ebene.CHOICES)[lage.ebene]),
        _("Indikator"),
        _("Einheit"),
        _("Wert"),
        _("Einwohner"),
        _("je 10.000 Einwohner"),
    ]
    rows = []
    for periode, name, cell in lage.export_rows:
        zeitraum = f"{periode.zeitraum_von:%d.%m.%Y}–{periode.zeitraum_bis:%d.%m.%Y}"
        if fmt == "xlsx":
            wert = (
                cell.anzeige if cell.unterdrueckt else (float(cell.wert) if cell.wert is not None else None)
            )
            rate = None if cell.unterdrueckt or cell.rate is None else float(cell.rate)
        else:
            wert, rate = cell.anzeige, cell.rate_anzeige if cell.rate is not None else ""
        rows.append(
            [
                zeitraum,
                periode.titel,
                name,
                lage.indikator.name,
                lage.einheit,
                wert,
                cell.einwohner or "",
                rate,
            ]
        )
    audit_log(
        aktion=Aktion.EXPORT,
        request=request,
        objekt_typ="erhebungen.lage",
        objekt_repr=f"Gesamtlagedarstellung {lage.indikator.schluessel}",
        format=fmt,
        indikator=lage.indikator.schluessel,
        ebene=lage.ebene,
        zeilen=len(rows),
        unterdrueckt=not access.sees_small_numbers(request.user),
    )
    filename = f"gesamtlage-{lage.indikator.schluessel}-{lage.ebene}.{fmt}"
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Gesamtlage")
        xlsx_append(ws, header)
        for row in rows:
            xlsx_append(ws, row)
        buffer = io.BytesIO()
        wb.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        buffer = io.StringIO()
        writer = SafeCsvWriter(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Geschäftsstelle: Raster and campaigns ----------------------------------------------------


def indikatoren(request):
    require(request, access.can_manage(request.user))
    items = Indikator.objects.select_related("fachgebiet").prefetch_related(
        Prefetch("versionen", queryset=IndikatorVersion.objects.order_by("-nummer"))
    )
    return render(request, "erhebungen/indikatoren.html", {"indikatoren": items, "typen": Typ})


def indikator_form(request, pk=None):
    """Create an indicator or record a changed definition as a new version."""
    require(request, access.can_manage(request.user))
    indikator = (
        get_visible_or_404(request, access.indikatoren_manageable_by(request.user), pk=pk) if pk else None
    )
    current = indikator.aktuelle_version if indikator else None
    initial = {}
    if current:
        initial = {
            "schluessel": indikator.schluessel,
            "fachgebiet": indikator.fachgebiet_id,
            "auswahl": "\n".join(current.auswahl or []),
            **{f: getattr(current, f) for f in ("name", "typ", "einheit", "hilfetext", "minimum", "maximum")},
        }
    form = IndikatorForm(request.POST or None, initial=initial, indikator=indikator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        definition = {
            k: data[k] for k in ("name", "typ", "einheit", "hilfetext", "minimum", "maximum", "auswahl")
        }
        if indikator is None:
            services.indikator_create(
                schluessel=data["schluessel"], fachgebiet=data["fachgebiet"], by=request.user, **definition
            )
            messages.success(request, _("Der Indikator wurde angelegt."))
        else:
            version = services.indikator_version_create(indikator=indikator, by=request.user, **definition)
            messages.success(request, _("Gespeichert als Version %(n)d.") % {"n": version.nummer})
        return redirect("erhebungen:indikatoren")
    return render(request, "erhebungen/indikator_form.html", {"form": form, "indikator": indikator})


def erhebung_neu(request):
    require(request, access.can_manage(request.user))
    form = ErhebungForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        erhebung = services.erhebung_create(
            titel=data["titel"],
            zeitraum_von=data["zeitraum_von"],
            zeitraum_bis=data["zeitraum_bis"],
            frist=data["frist"],
            indikatoren=data["indikatoren"],
            behoerden=None if data["alle_standard"] else data["behoerden"],
            status=data["status"],
            erinnerung_tage=data["erinnerung_tage"],
            hinweis=data["hinweis"],
        )
        messages.success(request, _("Die Erhebung wurde angelegt."))
        return redirect("erhebungen:erhebung", pk=erhebung.pk)
    return render(request, "erhebungen/erhebung_form.html", {"form": form})


@require_POST
def erhebung_status(request, pk):
    require(request, access.can_manage(request.user))
    erhebung = get_visible_or_404(request, access.erhebungen_visible_to(request.user), pk=pk)
    status = request.POST.get("status")
    if status not in Erhebung.Status.values:
        messages.error(request, _("Unbekannter Status."))
    else:
        services.erhebung_set_status(erhebung=erhebung, status=status)
        messages.success(request, _("Status geändert: %(s)s.") % {"s": erhebung.get_status_display()})
    return redirect("erhebungen:erhebung", pk=erhebung.pk)
