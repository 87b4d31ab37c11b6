from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "austausch"
urlpatterns = [
    path("", views.index, name="index"),
    path("bereich/<slug:slug>/", views.bereich_detail, name="bereich"),
    path("bereich/<slug:slug>/neu/", views.thema_create, name="thema_neu"),
    path("bereich/<slug:slug>/abo/", views.bereich_abo, name="bereich_abo"),
    path("thema/<int:pk>/", views.thema_detail, name="thema"),
    path("thema/<int:pk>/ungelesen/", views.thema_unread, name="ungelesen"),
    path("thema/<int:pk>/antworten/", views.thema_reply, name="antworten"),
    path("thema/<int:pk>/moderation/", views.thema_moderate, name="thema_moderation"),
    path("thema/<int:pk>/beantwortet/", views.thema_answered, name="beantwortet"),
    path("thema/<int:pk>/abo/", views.thema_abo, name="thema_abo"),
    path("beitrag/<int:pk>/", views.beitrag_permalink, name="beitrag"),
    path("beitrag/<int:pk>/bearbeiten/", views.beitrag_edit, name="beitrag_bearbeiten"),
    path("beitrag/<int:pk>/versionen/", views.beitrag_versionen, name="beitrag_versionen"),
    path("beitrag/<int:pk>/loeschen/", views.beitrag_delete, name="beitrag_loeschen"),
    path("beitrag/<int:pk>/verbergen/", views.beitrag_hide, name="beitrag_verbergen"),
    path("beitrag/<int:pk>/melden/", views.beitrag_report, name="beitrag_melden"),
    path("anhang/<int:pk>/", views.anhang_download, name="anhang"),
    path("meldungen/", views.meldungen, name="meldungen"),
    path("meldungen/<int:pk>/erledigt/", views.meldung_close, name="meldung_erledigt"),
    # The board's notifications moved into the portal-wide notification centre.
    path(
        "benachrichtigungen/",
        RedirectView.as_view(pattern_name="benachrichtigungen:liste", permanent=True),
        name="benachrichtigungen",
    ),
]
