from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from portal import views as portal_views

urlpatterns = [
    path("health/", portal_views.health, name="health"),
    path("konto/", include("accounts.urls")),
    path("konto/", include("foederation.urls_allauth")),
    path("konto/", include("allauth.urls")),
    path("konto/behoerde/", include("foederation.urls")),
    # Wagtail's account page would change name and email (and take an avatar upload) without
    # re-authentication or audit; the portal's profile is the one place to change an account.
    path("admin/account/", RedirectView.as_view(pattern_name="accounts:profil")),
    path("admin/", include(wagtailadmin_urls)),
    path("suche/", portal_views.search, name="search"),
    path("behoerden/", include("behoerden.urls")),
    path("protokoll/", include("audit.urls")),
]

# Each section app contributes its URLs when it has any (apps own their URL prefix).
for prefix, module in getattr(settings, "SECTION_URLCONFS", []):
    urlpatterns.append(path(prefix, include(module)))

urlpatterns += [
    # Wagtail's own page serving, last: every other URL wins. Documents and images: see fachgebiete.
    path("", include(wagtail_urls)),
]

handler400 = "portal.views.error_400"
handler403 = "portal.views.error_403"
handler404 = "portal.views.error_404"
handler500 = "portal.views.error_500"
