from django.urls import path

from . import views

app_name = "analysen"
urlpatterns = [
    path("", views.uebersicht, name="uebersicht"),
    path("export.csv", views.export_csv, name="export"),
    path("neu/", views.vorgang_neu, name="neu"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/beteiligte/", views.beteiligung_add, name="beteiligung_neu"),
    path("<int:pk>/beteiligte/<int:bpk>/person/", views.person_benennen, name="person_benennen"),
    path("<int:pk>/beteiligte/<int:bpk>/entfernen/", views.beteiligung_remove, name="beteiligung_entfernen"),
    path("<int:pk>/anfordern/", views.beitraege_anfordern, name="anfordern"),
    path("<int:pk>/anforderung/<int:apk>/erinnern/", views.beitrag_erinnern, name="erinnern"),
    path("<int:pk>/beitrag/", views.beitrag, name="beitrag"),
    path("beitragsdatei/<int:pk>/", views.beitrag_datei, name="beitrag_datei"),
    path("<int:pk>/bericht/", views.bericht, name="bericht"),
    path("<int:pk>/bericht/einreichen/", views.bericht_einreichen, name="bericht_einreichen"),
    path("<int:pk>/bericht/freigeben/", views.bericht_freigeben, name="bericht_freigeben"),
    path("<int:pk>/bericht/pdf/", views.bericht_pdf, name="bericht_pdf"),
    path("<int:pk>/bericht/abrufe/", views.bericht_abrufe, name="bericht_abrufe"),
    path("<int:pk>/fallbesprechung/", views.fallbesprechung_neu, name="fallbesprechung_neu"),
    path("fallbesprechung/<int:fpk>/aendern/", views.fallbesprechung_aendern, name="fallbesprechung_aendern"),
    path("fallbesprechung/<int:fpk>/absagen/", views.fallbesprechung_absagen, name="fallbesprechung_absagen"),
    path("fallbesprechung/<int:fpk>/antwort/", views.einladung_antwort, name="einladung_antwort"),
    path("fallbesprechung/<int:fpk>/protokoll/", views.protokoll, name="protokoll"),
    path("fallbesprechung/<int:fpk>/aufgabe/", views.aufgabe_neu, name="aufgabe_neu"),
    path("aufgabe/<int:apk>/status/", views.aufgabe_status, name="aufgabe_status"),
    path("<int:pk>/abschliessen/", views.abschliessen, name="abschliessen"),
    path("<int:pk>/loeschfrist/", views.loeschfrist, name="loeschfrist"),
]
