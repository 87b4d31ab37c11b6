from django.urls import path, re_path

from . import views

app_name = "erhebungen"
urlpatterns = [
    path("", views.index, name="index"),
    path("lage/", views.lage, name="lage"),
    re_path(r"^lage/export\.(?P<fmt>csv|xlsx)$", views.lage_export, name="lage_export"),
    path("indikatoren/", views.indikatoren, name="indikatoren"),
    path("indikatoren/neu/", views.indikator_form, name="indikator_neu"),
    path("indikatoren/<int:pk>/", views.indikator_form, name="indikator_bearbeiten"),
    path("neu/", views.erhebung_neu, name="erhebung_neu"),
    path("<int:pk>/", views.erhebung_detail, name="erhebung"),
    path("<int:pk>/status/", views.erhebung_status, name="erhebung_status"),
    path("<int:pk>/meldung/", views.meine_meldung, name="meine_meldung"),
    re_path(r"^(?P<pk>\d+)/vorlage\.(?P<fmt>csv|xlsx)$", views.vorlage, name="vorlage"),
    path("<int:pk>/oeffnen/<int:behoerde_pk>/", views.meldung_oeffnen_fuer, name="oeffnen_fuer"),
    path("meldung/<int:pk>/", views.meldung_detail, name="meldung"),
    path("meldung/<int:pk>/import/", views.meldung_import, name="meldung_import"),
    path("meldung/<int:pk>/import/vorschau/", views.meldung_import_vorschau, name="meldung_import_vorschau"),
    path("meldung/<int:pk>/korrektur/", views.meldung_korrektur, name="meldung_korrektur"),
    path("meldung/<int:pk>/wiedereroeffnen/", views.meldung_wiedereroeffnen, name="meldung_wiedereroeffnen"),
]
