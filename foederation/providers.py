"""allauth's SAML provider with the assertion's authentication context kept in the account's extra data.

Configured through allauth's documented `SOCIALACCOUNT_PROVIDERS["saml"]["provider_class"]`. The values
come from python3-saml's validated response (public `OneLogin_Saml2_Auth` accessors); the portal needs
them to decide whether the authority's second factor may stand in for its own (`foederation.mfa`).
"""

from allauth.socialaccount.providers.saml.provider import SAMLProvider
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from .oidc import PENDING_LOGOUT_SESSION_KEY

AUTHN_CONTEXTS_KEY = "siko:authn_contexts"
AUTHN_INSTANT_KEY = "siko:authn_instant"


class PortalSAMLProvider(SAMLProvider):
    # allauth's own URLs and views stay in use.
    package = "allauth.socialaccount.providers.saml"

    def sociallogin_from_response(self, request, response):
        """Also keep what a later single logout needs (NameID, SessionIndex), pending until the login."""
        request.session[PENDING_LOGOUT_SESSION_KEY] = {
            "protokoll": "saml",
            "anbieter": self.app.provider_id or self.app.client_id,
            "name_id": response.get_nameid(),
            "name_id_format": response.get_nameid_format(),
            "name_id_nq": response.get_nameid_nq(),
            "name_id_spnq": response.get_nameid_spnq(),
            "session_index": response.get_session_index(),
        }
        return super().sociallogin_from_response(request, response)

    def extract_extra_data(self, data):
        extra = dict(super().extract_extra_data(data))
        extra[AUTHN_CONTEXTS_KEY] = list(data.get_last_authn_contexts() or [])
        extra[AUTHN_INSTANT_KEY] = _authn_instant(data)
        return extra


def _authn_instant(auth) -> int | None:
    """AuthnInstant of the (single, signature-checked) assertion as a Unix time, or None."""
    xml = auth.get_last_response_xml()
    if not xml:
        return None
    document = OneLogin_Saml2_XML.to_etree(xml)
    values = OneLogin_Saml2_XML.query(document, "//saml:Assertion/saml:AuthnStatement/@AuthnInstant")
    if len(values) != 1:
        return None
    return OneLogin_Saml2_Utils.parse_SAML_to_time(str(values[0]))
