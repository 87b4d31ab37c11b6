"""At a federated login: the session counts as verified when the authority's second factor was accepted,
and it keeps what the single logout at the authority's IdP needs."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from .abmeldung import remember_for_logout
from .stages import accept_idp_mfa


@receiver(user_logged_in)
def on_federated_login(sender, request, user, sociallogin=None, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if sociallogin is None:
        # Password logins never carry the IdP's factor over, nor a federated logout.
        request.session.pop("siko_foederation_idp_mfa", None)
        remember_for_logout(request, provider_id=None)
        return
    accept_idp_mfa(request, user)
    remember_for_logout(request, provider_id=sociallogin.account.provider)
