"""Read-only audit log: the Geschäftsstelle sees everything, an Ansprechpartner entries about their staff."""

import datetime

from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from portal.access import require
from portal.ids import parse_id

from .access import can_view_audit_log
from .forms import AuditFilterForm
from .models import AuditEntry

PAGE_SIZE = 50


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@require_GET
def liste(request):
    """Filterable list with keyset pagination (`?nach=<id>`): constant queries however long the log is."""
    user = request.user
    require(request, can_view_audit_log(user))
    entries = AuditEntry.objects.visible_to(user)
    form = AuditFilterForm(request.GET or None, actor=user)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("aktion"):
            entries = entries.with_aktion(data["aktion"])
        if data.get("von"):
            entries = entries.filter(zeitpunkt__gte=_day_start(data["von"]))
        if data.get("bis"):
            entries = entries.filter(zeitpunkt__lt=_day_start(data["bis"] + datetime.timedelta(days=1)))
        if data.get("person"):
            text = data["person"]
            entries = entries.filter(
                Q(actor_repr__icontains=text)
                | Q(subject__email__icontains=text)
                | Q(subject__last_name__icontains=text)
                | Q(subject__first_name__icontains=text)
            )
        if data.get("behoerde"):
            entries = entries.filter(behoerde=data["behoerde"])
    cursor = parse_id(request.GET.get("nach"))
    if cursor is not None:
        # Entries are appended in time order, so the id is a stable keyset cursor.
        entries = entries.filter(pk__lt=cursor)
    rows = list(entries.select_related("subject", "behoerde").order_by("-pk")[: PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    query = request.GET.copy()
    query.pop("nach", None)
    return render(
        request,
        "audit/liste.html",
        {
            "form": form,
            "entries": rows,
            "next_cursor": rows[-1].pk if has_next and rows else None,
            "is_first_page": not cursor,
            "querystring": query.urlencode(),
        },
    )
