"""Views of the prevention catalogue (mounted at /massnahmen/)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import content_cache
from portal.access import get_visible_or_404, require

from . import access, services
from .forms import MassnahmeFilterForm, MassnahmeForm, PruefungForm
from .models import Massnahme

PAGE_SIZE = 20


def _filter_form_html(request, form) -> str:
    """The filter form: the same for everybody with the same valid choice, so shared (portal.content_cache).
    A form with errors or notices (filters not applied) is rendered as it is (never cached)."""

    def build():
        return str(render_to_string("praevention/_filter_form.html", {"form": form}, request=request))

    if form.is_bound and (not form.is_valid() or form.notices):
        return build()
    data = form.cleaned_data if form.is_bound else {}
    kommune = data.get("kommune")
    choice = ":".join(
        [
            str(kommune.pk if kommune else ""),
            *(data.get(k) or "" for k in ("phase", "zielgruppe", "programm")),
        ]
    )
    return content_cache.cached(f"praevention:filter:{choice}", build)


def massnahme_list(request):
    """The catalogue: approved measures (and the person's own proposals), filterable."""
    form = MassnahmeFilterForm(request.GET or None)
    queryset = form.filter(Massnahme.objects.visible_to(request.user).listing())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "praevention/massnahme_list.html",
        {
            "filter_form": mark_safe(_filter_form_html(request, form)),  # noqa: S308 - our template
            "page_obj": page,
            "querystring": query.urlencode(),
            "can_propose": access.can_propose(request.user),
            "is_redaktion": access.can_review(request.user),
        },
    )


def massnahme_detail(request, pk: int):
    massnahme = get_visible_or_404(
        request,
        Massnahme.objects.visible_to(request.user).select_related("kommune", "behoerde", "kontakt"),
        pk=pk,
    )
    can_edit = Massnahme.objects.editable_by(request.user).filter(pk=pk).exists()
    return render(
        request,
        "praevention/massnahme_detail.html",
        {
            "massnahme": massnahme,
            "can_edit": can_edit,
            "is_redaktion": access.can_review(request.user),
            "pruefung_form": PruefungForm() if access.can_review(request.user) else None,
        },
    )


@require_http_methods(["GET", "POST"])
def massnahme_create(request):
    require(request, access.can_propose(request.user))
    form = MassnahmeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            massnahme = services.massnahme_propose(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Ihr Vorschlag wurde gespeichert. Die Redaktion prüft ihn vor der Veröffentlichung."),
            )
            return redirect(massnahme.get_absolute_url())
    return render(request, "praevention/massnahme_form.html", {"form": form, "massnahme": None})


@require_http_methods(["GET", "POST"])
def massnahme_edit(request, pk: int):
    massnahme = get_visible_or_404(request, Massnahme.objects.editable_by(request.user), pk=pk)
    form = MassnahmeForm(request.POST or None, instance=massnahme, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            massnahme = services.massnahme_update(
                massnahme=Massnahme.objects.get(pk=massnahme.pk), by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if access.can_review(request.user):
                messages.success(request, _("Die Maßnahme wurde gespeichert."))
            else:
                messages.success(
                    request,
                    _("Ihre Änderungen wurden gespeichert und gehen erneut an die Redaktion zur Prüfung."),
                )
            return redirect(massnahme.get_absolute_url())
    return render(request, "praevention/massnahme_form.html", {"form": form, "massnahme": massnahme})


def massnahme_review_list(request):
    """The Redaktion's queue of proposals waiting for review."""
    require(request, access.can_review(request.user))
    pending = Massnahme.objects.zur_pruefung().select_related("kommune", "behoerde", "eingereicht_von")
    return render(
        request, "praevention/massnahme_pruefung.html", {"massnahmen": pending.order_by("aktualisiert_am")}
    )


@require_POST
def massnahme_review(request, pk: int):
    require(request, access.can_review(request.user))
    massnahme = get_visible_or_404(request, Massnahme.objects.visible_to(request.user), pk=pk)
    form = PruefungForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(massnahme.get_absolute_url())
    if form.cleaned_data["entscheidung"] == "freigeben":
        services.massnahme_approve(massnahme=massnahme, by=request.user, hinweis=form.cleaned_data["hinweis"])
        messages.success(request, _("Die Maßnahme ist freigegeben und erscheint im Katalog."))
    else:
        services.massnahme_reject(massnahme=massnahme, by=request.user, hinweis=form.cleaned_data["hinweis"])
        messages.success(request, _("Die Maßnahme wurde abgelehnt; die Kommune sieht Ihren Hinweis."))
    return redirect("praevention:pruefung")
