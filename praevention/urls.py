from django.urls import path

from . import views

app_name = "praevention"
urlpatterns = [
    path("", views.massnahme_list, name="list"),
    path("neu/", views.massnahme_create, name="create"),
    path("pruefung/", views.massnahme_review_list, name="pruefung"),
    path("<int:pk>/", views.massnahme_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.massnahme_edit, name="edit"),
    path("<int:pk>/pruefen/", views.massnahme_review, name="review"),
]
