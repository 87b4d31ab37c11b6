"""Admin report: content pages whose last review is older than twelve months (or never reviewed)."""

from datetime import timedelta

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.access import audit_denial
from portal.content import REVIEW_INTERVAL_DAYS, ReviewedContentMixin


def reviewed_page_models() -> list[type[Page]]:
    return [
        m
        for m in apps.get_models()
        if issubclass(m, Page) and issubclass(m, ReviewedContentMixin) and m is not Page
    ]


def pages_due_for_review(limit: int = 500) -> list[Page]:
    """Return live and draft content pages not reviewed within the interval, oldest review first."""
    cutoff = timezone.localdate() - timedelta(days=REVIEW_INTERVAL_DAYS)
    pages: list[Page] = []
    for model in reviewed_page_models():
        qs = model.objects.filter(_review_due_q(cutoff)).select_related("inhaltlich_verantwortlich")
        pages.extend(qs[:limit])
    pages.sort(key=lambda p: (p.letzte_pruefung is not None, p.letzte_pruefung or timezone.localdate()))
    return pages[:limit]


def _review_due_q(cutoff):
    return Q(letzte_pruefung__isnull=True) | Q(letzte_pruefung__lt=cutoff)


def review_report_view(request):
    """List pages due for review; visible to anyone who may edit pages (Redaktion, Geschäftsstelle)."""
    if not PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"]):
        # Inside the Wagtail admin a refusal is Wagtail's 403, audited like every other refusal.
        audit_denial(request)
        raise PermissionDenied
    return render(
        request,
        "redaktion/admin/review_report.html",
        {
            "pages": pages_due_for_review(),
            "page_title": _("Prüfung fällig"),
            "interval": REVIEW_INTERVAL_DAYS,
        },
    )
