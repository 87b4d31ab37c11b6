from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.access import get_visible_or_404, require
from portal.url_helpers import url_prefix

from .access import behoerden_visible_to, can_edit_behoerde, listed_people
from .forms import BehoerdeFilterForm, BehoerdeForm
from .models import Behoerde, Regierungsbezirk
from .services import behoerde_update

PAGE_SIZE = 40


def behoerde_list(request):
    """Directory of partner authorities with filters and search by name."""
    form = BehoerdeFilterForm(request.GET or None)
    queryset = behoerden_visible_to(request.user).select_related("regierungsbezirk", "kreis", "gemeinde")
    if form.is_valid():
        queryset = form.filter(queryset)
    queryset = queryset.annotate(
        personen=Count(
            "mitarbeitende", filter=Q(mitarbeitende__is_active=True, mitarbeitende__im_verzeichnis=True)
        )
    ).order_by("name")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("seite"))
    params = request.GET.copy()
    params.pop("seite", None)
    return render(
        request,
        "behoerden/behoerde_list.html",
        {
            "form": form,
            "page": page,
            "querystring": params.urlencode(),
            "total": page.paginator.count,
            # One reverse() per list, not per row (slugs are URL-safe).
            "detail_prefix": url_prefix("behoerden:detail"),
        },
    )


def behoerde_detail(request, slug):
    """Contact data, responsibilities and the listed people of one authority."""
    behoerde = get_visible_or_404(
        request,
        behoerden_visible_to(request.user).select_related("regierungsbezirk", "kreis", "gemeinde"),
        slug=slug,
    )
    return render(
        request,
        "behoerden/behoerde_detail.html",
        {
            "behoerde": behoerde,
            "personen": listed_people(behoerde),
            "can_edit": can_edit_behoerde(request.user, behoerde),
        },
    )


def behoerde_edit(request, slug):
    """The authority's Ansprechpartner (or the Geschäftsstelle) keeps the entry current."""
    behoerde = get_visible_or_404(request, behoerden_visible_to(request.user), slug=slug)
    require(request, can_edit_behoerde(request.user, behoerde))
    form = BehoerdeForm(request.POST or None, instance=Behoerde.objects.get(pk=behoerde.pk))
    if request.method == "POST" and form.is_valid():
        behoerde_update(
            behoerde=behoerde, data={f: form.cleaned_data[f] for f in form.changed_data}, by=request.user
        )
        messages.success(request, _("Der Eintrag wurde gespeichert."))
        return redirect("behoerden:detail", slug=behoerde.slug)
    return render(request, "behoerden/behoerde_form.html", {"behoerde": behoerde, "form": form})


def region(request):
    """The Ruhr region's structure: Regierungsbezirke, Kreise and kreisfreie Städte, Gemeinden, KPB."""
    bezirke = Regierungsbezirk.objects.prefetch_related("kreise__gemeinden").order_by("name")
    kpb = (
        Behoerde.objects.aktiv()
        .filter(art=Behoerde.Art.POLIZEI)
        .filter(Q(name__startswith="Polizeipräsidium") | Q(name__startswith="Kreispolizeibehörde"))
        .order_by("name")
    )
    return render(
        request,
        "behoerden/region.html",
        {"bezirke": bezirke, "kpb": kpb, "detail_prefix": url_prefix("behoerden:detail")},
    )
