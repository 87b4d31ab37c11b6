"""At a federated login accepted with the authority's second factor, the session counts as verified."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from .stages import accept_idp_mfa


@receiver(user_logged_in)
def on_federated_login(sender, request, user, sociallogin=None, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if sociallogin is None:
        # Password logins never carry the IdP's factor over.
        request.session.pop("siko_foederation_idp_mfa", None)
        return
    accept_idp_mfa(request, user)
