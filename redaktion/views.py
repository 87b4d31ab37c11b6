"""The Geschäftsstelle's emergency publication of a CMS page (registered as a Wagtail admin URL)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from portal.access import get_visible_or_404, require
from portal.confirmation import Confirmation, ask_first, reason_form

from .access import can_publish_emergency
from .services import page_publish_emergency


@require_http_methods(["GET", "POST"])
def notveroeffentlichung(request, pk: int):
    """Ask for a reason and confirmation, then publish the latest revision without the second approval."""
    require(request, can_publish_emergency(request.user))
    page = get_visible_or_404(request, Page.objects.exclude(depth=1), pk=pk)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = reason_form(
        request,
        label=_("Grund der Notveröffentlichung"),
        help_text=_("Der Grund steht im Protokoll und im Verlauf der Seite."),
    )
    confirmation = Confirmation(
        title=_("„%(titel)s“ ohne Zweitfreigabe veröffentlichen?")
        % {"titel": page.get_admin_display_title()},
        what_happens=_(
            "Die neueste Fassung der Seite geht sofort online, ohne dass eine zweite Person sie freigibt. "
            "Ein laufender Freigabe-Workflow wird abgebrochen."
        ),
        details=[
            _("Nur für Notfälle: Die Veröffentlichung wird mit Ihrem Namen und dem Grund protokolliert."),
            _("Im Verlauf der Seite erscheint sie als „Notveröffentlichung“."),
        ],
        submit_label=_("Jetzt ohne Zweitfreigabe veröffentlichen"),
        cancel_url=edit_url,
        form=form,
    )
    page_response = ask_first(request, confirmation)
    if page_response is not None:
        return page_response
    try:
        page_publish_emergency(page=page, by=request.user, grund=form.cleaned_data["grund"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(edit_url)
    messages.success(request, _("Die Seite wurde als Notveröffentlichung veröffentlicht."))
    return redirect(edit_url)
