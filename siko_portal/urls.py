from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from portal import views as portal_views
from suche import views as suche_views

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
    path("suche/", suche_views.search, name="search"),
    path("behoerden/", include("behoerden.urls")),
    path("protokoll/", include("audit.urls")),
    # Sections, each under its own prefix (docs/architecture.md lists prefix and app).
    path("lagebilder/", include("lagebilder.urls")),
    # The requests to the Geschäftsstelle kept their address inside the board's prefix.
    path("austausch/anfragen/", include("anfragen.urls")),
    path("austausch/", include("austausch.urls")),
    path("analysen/", include("analysen.urls")),
    path("arbeitskreise/", include("arbeitskreise.urls")),
    path("erhebungen/", include("erhebungen.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("medien/", include("medien.urls")),
    path("massnahmen/", include("praevention.urls")),
    path("kalender/", include("veranstaltungen.urls")),
    path("benachrichtigungen/", include("benachrichtigungen.urls")),
    path("rechtliches/", include("rechtliches.urls")),
    # Wagtail's own page serving, last: every other URL wins.
    path("", include(wagtail_urls)),
]

handler400 = "portal.views.error_400"
handler403 = "portal.views.error_403"
handler404 = "portal.views.error_404"
handler500 = "portal.views.error_500"
