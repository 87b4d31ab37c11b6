"""At a federated login: the session counts as verified when the authority's second factor was accepted,
and it keeps what the single logout at the authority's IdP needs. A person's federated links renew the
version of their person page's cached sections (`accounts.person_page`)."""

from allauth.account.signals import user_logged_in
from allauth.socialaccount.models import SocialAccount
from django.dispatch import receiver

from accounts import person_page

from .abmeldung import remember_for_logout
from .stages import accept_idp_mfa

person_page.bump_on_change(SocialAccount)


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
