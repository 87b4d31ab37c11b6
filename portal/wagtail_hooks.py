"""Wagtail admin additions: the review report ("Prüfung fällig") in the reports menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .review_report import review_report_view


@hooks.register("register_admin_urls")
def register_review_report_url():
    return [path("berichte/pruefung-faellig/", review_report_view, name="siko_review_report")]


class ReviewReportMenuItem(MenuItem):
    def is_shown(self, request):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        return PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"])


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ReviewReportMenuItem(
        _("Prüfung fällig"),
        reverse("siko_review_report"),
        name="pruefung-faellig",
        icon_name="time",
        order=1050,
    )
