"""URLs of the requests to the Geschäftsstelle, below /austausch/anfragen/ (their address since the
board's start; see siko_portal/urls.py)."""

from django.urls import path

from . import views

app_name = "anfragen"
urlpatterns = [
    path("", views.anfrage_list, name="liste"),
    path("neu/", views.anfrage_create, name="neu"),
    path("verwaltung/", views.anfrage_verwaltung, name="verwaltung"),
    path("<int:pk>/", views.anfrage_detail, name="detail"),
    path("<int:pk>/ergebnis/", views.anfrage_ergebnis, name="ergebnis"),
]
