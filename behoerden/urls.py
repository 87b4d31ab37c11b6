from django.urls import path

from . import views

app_name = "behoerden"
urlpatterns = [
    path("", views.behoerde_list, name="list"),
    path("region/", views.region, name="region"),
    path("<slug:slug>/", views.behoerde_detail, name="detail"),
    path("<slug:slug>/bearbeiten/", views.behoerde_edit, name="edit"),
]
