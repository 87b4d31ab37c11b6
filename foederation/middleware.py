"""A federated answer without a matching request (replayed, forged state) gets the German error page.

allauth raises PermissionDenied when a SAML response's InResponseTo or an OIDC callback's state has no
stashed login (replay, a second tab, a forged state); that is a refused login, audited like the others.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from audit.models import Aktion
from audit.services import audit_log

FEDERATED_ANSWER_URL_NAMES = frozenset({"saml_finish_acs", "saml_acs", "openid_connect_callback"})


class FederatedAnswerErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if not isinstance(exception, PermissionDenied) or match is None:
            return None
        if match.url_name not in FEDERATED_ANSWER_URL_NAMES:
            return None
        anbieter = match.kwargs.get("organization_slug") or match.kwargs.get("provider_id") or ""
        audit_log(
            aktion=Aktion.FOEDERATION_ABGELEHNT,
            actor=None,
            request=request,
            grund="antwort_ohne_anfrage",
            anbieter=anbieter[:60],
        )
        return render(request, "socialaccount/authentication_error.html", status=403)
