"""The notification centre: list, open (marks read), mark read, preferences."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import get_visible_or_404

from . import services
from .forms import EinstellungForm
from .models import Benachrichtigung, Einstellung

PER_PAGE = 50


def liste(request):
    """The person's notifications, newest first, unread ones marked."""
    items = Benachrichtigung.objects.for_user(request.user).only(
        "pk", "titel", "link", "erstellt", "gelesen_am", "art"
    )
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "benachrichtigungen/liste.html",
        {"page": page, "ungelesen": services.unread_count(request.user)},
    )


def _own(request, pk) -> Benachrichtigung:
    return get_visible_or_404(request, Benachrichtigung.objects.for_user(request.user), pk=pk)


def oeffnen(request, pk):
    """Follow a notification to its object and mark it read (only one's own; others answer 404)."""
    benachrichtigung = _own(request, pk)
    services.benachrichtigung_mark_read(benachrichtigung=benachrichtigung, user=request.user)
    target = benachrichtigung.link
    # Links are portal paths; anything else (never stored by the service) falls back to the list.
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None) or not target.startswith("/"):
        return redirect("benachrichtigungen:liste")
    return redirect(target)


@require_POST
def gelesen(request, pk):
    benachrichtigung = _own(request, pk)
    services.benachrichtigung_mark_read(benachrichtigung=benachrichtigung, user=request.user)
    messages.success(request, _("Die Benachrichtigung ist als gelesen markiert."))
    return redirect("benachrichtigungen:liste")


@require_POST
def alle_gelesen(request):
    count = services.benachrichtigungen_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
    else:
        messages.info(request, _("Es gab keine ungelesenen Benachrichtigungen."))
    return redirect("benachrichtigungen:liste")


def einstellungen(request):
    """How the person wants to be told: immediately, as a daily digest or only in the portal."""
    current = Einstellung.objects.filter(user=request.user).first() or Einstellung(user=request.user)
    form = EinstellungForm(
        request.POST or None,
        initial={"zustellung": current.zustellung, "lagebild_geteilt": current.lagebild_geteilt},
    )
    if request.method == "POST" and form.is_valid():
        services.einstellung_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Ihre Benachrichtigungseinstellungen wurden gespeichert."))
        return redirect("benachrichtigungen:einstellungen")
    return render(request, "benachrichtigungen/einstellungen.html", {"form": form})
