"""Wagtail admin additions: the review report ("Prüfung fällig") in the reports menu, and the
Geschäftsstelle's emergency publication (URL, button, and its entry in the page history)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies.pages import PagePermissionPolicy

from .access import can_publish_emergency
from .review_report import review_report_view
from .services import EMERGENCY_LOG_ACTION
from .views import notveroeffentlichung


@hooks.register("register_admin_urls")
def register_review_report_url():
    return [
        path("berichte/pruefung-faellig/", review_report_view, name="siko_review_report"),
        path("seiten/<int:pk>/notveroeffentlichung/", notveroeffentlichung, name="siko_notveroeffentlichung"),
    ]


@hooks.register("register_log_actions")
def register_emergency_publication(actions):
    @actions.register_action(EMERGENCY_LOG_ACTION)
    class EmergencyPublication(LogFormatter):
        label = _("Notveröffentlichung (ohne Zweitfreigabe)")

        def format_message(self, log_entry):
            grund = (log_entry.data or {}).get("grund", "")
            return _("Notveröffentlichung ohne Zweitfreigabe. Grund: %(grund)s") % {"grund": grund}


@hooks.register("register_page_header_buttons")
def emergency_publication_button(page, user, view_name, next_url=None):
    if can_publish_emergency(user) and not page.is_root():
        yield Button(
            _("Notveröffentlichung …"),
            reverse("siko_notveroeffentlichung", args=[page.pk]),
            icon_name="warning",
            priority=90,
        )


class ReviewReportMenuItem(MenuItem):
    def is_shown(self, request):
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
