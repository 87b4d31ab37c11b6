from django.urls import path

from . import views

app_name = "veranstaltungen"
urlpatterns = [
    path("", views.kalender, name="kalender"),
    path("feed.ics", views.feed, name="feed"),
    path("abo/", views.abo_erstellen, name="abo_erstellen"),
    path("abo/widerrufen/", views.abo_widerrufen, name="abo_widerrufen"),
    path("abo/<str:token>.ics", views.abo_feed, name="abo_feed"),
    path("<int:pk>.ics", views.event_ics, name="ics"),
    path("<int:pk>/anmelden/", views.anmelden, name="anmelden"),
    path("<int:pk>/abmelden/", views.abmelden, name="abmelden"),
    path("<int:pk>/teilnehmende/", views.teilnehmende, name="teilnehmende"),
    path("<int:pk>/teilnehmende.csv", views.teilnehmende_csv, name="teilnehmende_csv"),
]
