from django.urls import path

from . import views

app_name = "rechtliches"

urlpatterns = [
    path("impressum/", views.impressum, name="impressum"),
    path("datenschutz/", views.datenschutz, name="datenschutz"),
    path("barrierefreiheit/", views.barrierefreiheit, name="barrierefreiheit"),
    path("barrierefreiheit/rueckmeldungen/", views.rueckmeldungen, name="rueckmeldungen"),
    path(
        "barrierefreiheit/rueckmeldungen/<int:pk>/erledigen/",
        views.rueckmeldung_erledigen,
        name="rueckmeldung_erledigen",
    ),
    path("bestaetigen/", views.bestaetigen, name="bestaetigen"),
    path("meine-daten/", views.meine_daten, name="meine_daten"),
    path("meine-daten.json", views.meine_daten_json, name="meine_daten_json"),
]
