from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed in the dev and test settings only: brings `manage.py seed_demo`."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demodaten"
