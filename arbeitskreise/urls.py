from django.urls import path

from . import views

app_name = "arbeitskreise"
urlpatterns = [
    path("", views.ak_list, name="list"),
    path("<slug:slug>/", views.ak_detail, name="detail"),
    path("<slug:slug>/beitreten/", views.ak_join, name="beitreten"),
    path("<slug:slug>/anfragen/<int:pk>/", views.ak_decide, name="entscheiden"),
    path("<slug:slug>/mitglieder/", views.ak_members, name="mitglieder"),
    path("<slug:slug>/sitzungen/neu/", views.ak_sitzung_create, name="sitzung_neu"),
    path("<slug:slug>/sitzungen/<int:pk>/loeschen/", views.ak_sitzung_delete, name="sitzung_loeschen"),
    path("<slug:slug>/sitzungen.ics", views.ak_ical, name="ical"),
    path("<slug:slug>/dokumente/neu/", views.ak_dokument_upload, name="dokument_neu"),
    path("<slug:slug>/dokumente/<int:pk>/", views.ak_dokument_download, name="dokument"),
]
