from django.urls import path

from . import views

app_name = "benachrichtigungen"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("alle-gelesen/", views.alle_gelesen, name="alle_gelesen"),
    path("einstellungen/", views.einstellungen, name="einstellungen"),
    path("<int:pk>/", views.oeffnen, name="oeffnen"),
    path("<int:pk>/gelesen/", views.gelesen, name="gelesen"),
]
