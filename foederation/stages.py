"""allauth's second-factor login stage, aware of federated logins.

Takes the place of `allauth.mfa.stages.AuthenticateStage` (accounts.adapters.AccountAdapter
.get_login_stages). For a password login nothing changes. For a federated login the portal's own factor
is asked exactly as before, unless the authority's IdP is trusted and its assertion reports a configured
MFA context that is recent (`foederation.mfa`); the path taken is audited either way.
"""

from allauth.mfa.stages import AuthenticateStage

from audit.models import Aktion
from audit.services import audit_log
from portal.access import mark_mfa_verified

from .mfa import idp_mfa_entscheidung
from .models import Identitaetsanbieter

IDP_MFA_SESSION_KEY = "siko_foederation_idp_mfa"


class FederatedAuthenticateStage(AuthenticateStage):
    def handle(self):
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is None or self.login.user is None:
            return super().handle()
        anbieter = Identitaetsanbieter.objects.aktiv().filter(slug=sociallogin.account.provider).first()
        if anbieter is None:
            return super().handle()
        decision = idp_mfa_entscheidung(anbieter=anbieter, extra_data=sociallogin.account.extra_data or {})
        audit_log(
            aktion=Aktion.FOEDERATION_ANMELDUNG,
            actor=self.login.user,
            request=self.request,
            subject=self.login.user,
            anbieter=anbieter.slug,
            protokoll=anbieter.protokoll,
            zweiter_faktor="behoerde" if decision.idp_mfa else "portal",
            grund=decision.grund,
        )
        if decision.idp_mfa:
            # Read by the login receiver (foederation.signals), which marks the session verified.
            self.request.session[IDP_MFA_SESSION_KEY] = self.login.user.pk
            return None, True
        self.request.session.pop(IDP_MFA_SESSION_KEY, None)
        return super().handle()


def accept_idp_mfa(request, user) -> bool:
    """At the login itself: mark the session verified when the stage accepted the IdP's factor."""
    if request.session.pop(IDP_MFA_SESSION_KEY, None) != user.pk:
        return False
    mark_mfa_verified(request)
    return True
