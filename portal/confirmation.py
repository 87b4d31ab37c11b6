"""Ask first: one confirmation step for irreversible or wide-reaching actions, without JavaScript.

A view that sends, deletes, deactivates, removes, submits or cancels calls `ask_first()` after its access
checks and before it acts. A GET, and any POST without the confirmation field, answer the German
confirmation page and change nothing; the page posts the same fields back with the confirmation. Only
that POST lets the view act. Buttons elsewhere in the portal may keep posting straight to the action:
they land on the confirmation page first.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

CONFIRM_FIELD = "bestaetigt"
CONFIRM_VALUE = "ja"
# Never carried over to the confirmation page's hidden fields.
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says: the question, what will happen, and where "Abbrechen" leads."""

    title: str
    what_happens: str
    submit_label: str
    cancel_url: str
    details: Sequence[str] = field(default_factory=tuple)
    # Optional fields the person fills in on the confirmation page (e.g. a reason).
    form: forms.Form | None = None


def is_confirmed(request: HttpRequest) -> bool:
    """Whether this request is the POST of a confirmation page."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def ask_first(request: HttpRequest, confirmation: Confirmation) -> HttpResponse | None:
    """Return the confirmation page unless this request confirms the action (then None: go ahead).

    A confirming POST whose `confirmation.form` is invalid answers the page again, with the errors."""
    if is_confirmed(request) and (confirmation.form is None or confirmation.form.is_valid()):
        return None
    source = request.POST if request.method == "POST" else request.GET
    own_fields = set(confirmation.form.fields) if confirmation.form is not None else set()
    hidden = [
        (name, value)
        for name in source
        if name not in _NOT_CARRIED and name not in own_fields
        for value in source.getlist(name)
    ]
    return TemplateResponse(
        request,
        "portal/bestaetigung.html",
        {
            "confirmation": confirmation,
            "hidden_fields": hidden,
            "action_url": request.path,
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
        },
    )


def confirmed_data(request: HttpRequest) -> dict | None:
    """The POST data a Confirmation.form binds to on the confirming request, else None (unbound)."""
    return request.POST if is_confirmed(request) else None


class ReasonForm(forms.Form):
    """A required reason, asked on the confirmation page (deleting a post, an emergency publication)."""

    grund = forms.CharField(
        label=_("Grund"),
        max_length=300,
        error_messages={"required": _("Bitte geben Sie einen Grund an.")},
    )

    def __init__(self, *args, label=None, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["grund"].label = label
        if help_text:
            self.fields["grund"].help_text = help_text


def reason_form(request: HttpRequest, *, label=None, help_text=None) -> ReasonForm:
    """The reason form of a confirmation page: bound on the confirming POST, else prefilled."""
    source = request.POST if request.method == "POST" else request.GET
    return ReasonForm(
        confirmed_data(request),
        initial={"grund": source.get("grund", "")},
        label=label,
        help_text=help_text,
    )
