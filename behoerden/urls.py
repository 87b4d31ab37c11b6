from django.urls import path  # noqa: F401

app_name = "behoerden"
urlpatterns: list = []
