from django.urls import path

from . import views

app_name = "foederation"
urlpatterns = [
    path("anmelden/", views.anmelden, name="anmelden"),
    path("anmelden/<slug:slug>/", views.weiter, name="weiter"),
    path("einladung-erbitten/", views.einladung_erbitten, name="einladung_erbitten"),
    path("identitaetsanbieter/", views.liste, name="liste"),
    path("identitaetsanbieter/neu/", views.bearbeiten, name="neu"),
    path("identitaetsanbieter/<int:pk>/", views.detail, name="detail"),
    path("identitaetsanbieter/<int:pk>/bearbeiten/", views.bearbeiten, name="bearbeiten"),
    path("verknuepfungen/<int:pk>/entfernen/", views.verknuepfung_entfernen, name="verknuepfung_entfernen"),
]
