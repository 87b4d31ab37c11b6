from django.urls import path

from . import views

app_name = "lagebilder"
urlpatterns = [
    path("", views.lagebild_list, name="liste"),
    path("neu/", views.lagebild_create, name="neu"),
    path("<int:pk>/", views.lagebild_detail, name="detail"),
    path("<int:pk>/abrufe/", views.lagebild_abrufe, name="abrufe"),
    path("<int:pk>/bearbeiten/", views.lagebild_edit, name="bearbeiten"),
    path("<int:pk>/version/neu/", views.version_create, name="version_neu"),
    path("<int:pk>/zurueckziehen/", views.lagebild_withdraw, name="zurueckziehen"),
    path("<int:pk>/veroeffentlichen/", views.lagebild_publish, name="veroeffentlichen"),
    path("<int:pk>/download/", views.download_current, name="download"),
    path("<int:pk>/versionen/<int:nummer>/download/", views.download_version, name="version_download"),
]
