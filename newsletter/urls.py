from django.urls import path

from . import views

app_name = "newsletter"
urlpatterns = [
    path("", views.archiv, name="archiv"),
    path("<int:pk>/", views.archiv_detail, name="archiv_detail"),
    path("einstellungen/", views.einstellungen, name="einstellungen"),
    path("einstellungen/link/<str:token>/", views.einstellungen_link, name="einstellungen_link"),
    path("abmelden/<str:token>/", views.abmelden, name="abmelden"),
    path("verwaltung/", views.verwaltung, name="verwaltung"),
    path("verwaltung/<int:pk>/", views.verwaltung_detail, name="verwaltung_detail"),
    path("verwaltung/<int:pk>/vorschau/", views.vorschau, name="vorschau"),
    path("verwaltung/<int:pk>/aktion/", views.aktion, name="aktion"),
]
