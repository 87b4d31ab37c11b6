from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profil, name="profil"),
    # Same path and name as allauth's page, listed first so that this one answers (stable secret).
    path("2fa/totp/activate/", views.totp_aktivieren, name="mfa_activate_totp"),
    path("einladung/<str:token>/", views.einladung_annehmen, name="einladung"),
    path("personen/", views.personen, name="personen"),
    path("personen/einladen/", views.einladen, name="einladen"),
    path("personen/<int:pk>/", views.person_detail, name="person"),
    path(
        "personen/<int:pk>/<slug:aktion>/",
        views.person_aktion,
        name="person_aktion",
    ),
    path("einladungen/<int:pk>/widerrufen/", views.einladung_widerrufen, name="einladung_widerrufen"),
]
