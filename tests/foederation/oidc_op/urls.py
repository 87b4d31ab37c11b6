from django.contrib.auth import get_user_model, login
from django.http import HttpResponseRedirect
from django.urls import include, path
from django.utils.http import url_has_allowed_host_and_scheme


def anmelden(request):
    """The OP's "login": the test names the person by email (prefix mfa+ for a reported second factor)."""
    email = request.GET["email"]
    prefix = request.GET.get("fehler") or ("mfa" if request.GET.get("mfa") == "1" else "")
    user, _created = get_user_model().objects.get_or_create(
        username=(prefix + "+" if prefix else "") + email, defaults={"email": email, "first_name": "Erika"}
    )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    target = request.GET.get("next", "/")
    return HttpResponseRedirect(target if url_has_allowed_host_and_scheme(target, None) else "/")


urlpatterns = [
    path("anmelden/", anmelden),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
