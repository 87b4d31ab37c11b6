"""Addresses answered by the federation in place of allauth's (same paths and names, listed before
`allauth.urls`).

- allauth's pages for linking third-party accounts are not offered (links come only from the login):
  the connections page leads to the own profile, the social sign-up (closed anyway) to the login.
- The OpenID Connect callback checks the ID token in full (`foederation.oidc`).
- Logout also ends the session at the authority's IdP where it offers that (`foederation.abmeldung`).
- The SAML SLS address refuses logout messages of the IdP that are unsigned or wrongly signed
  (`foederation.abmeldung.sls`, then allauth's SLS view).
"""

from allauth.socialaccount import app_settings as socialaccount_settings
from django.urls import path
from django.views.generic import RedirectView

from . import abmeldung, oidc

OIDC_PREFIX = (
    f"{socialaccount_settings.OPENID_CONNECT_URL_PREFIX}/"
    if socialaccount_settings.OPENID_CONNECT_URL_PREFIX
    else ""
)

urlpatterns = [
    path(f"{OIDC_PREFIX}<str:provider_id>/login/callback/", oidc.callback, name="openid_connect_callback"),
    path("logout/", abmeldung.logout, name="account_logout"),
    path("saml/<str:organization_slug>/sls/", abmeldung.sls, name="saml_sls"),
    path("3rdparty/", RedirectView.as_view(pattern_name="accounts:profil"), name="socialaccount_connections"),
    path(
        "3rdparty/signup/",
        RedirectView.as_view(pattern_name="account_login"),
        name="socialaccount_signup",
    ),
]
