"""allauth's pages for linking third-party accounts are not offered: links come only from the login.

Same paths and names as allauth's (listed before `allauth.urls`), so these answer: the connections page
leads to the own profile, the social sign-up (closed anyway: no just-in-time accounts) to the login.
"""

from django.urls import path
from django.views.generic import RedirectView

urlpatterns = [
    path("3rdparty/", RedirectView.as_view(pattern_name="accounts:profil"), name="socialaccount_connections"),
    path(
        "3rdparty/signup/",
        RedirectView.as_view(pattern_name="account_login"),
        name="socialaccount_signup",
    ),
]
