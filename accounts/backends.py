from django.contrib.auth.backends import ModelBackend


class PortalModelBackend(ModelBackend):
    """Django's backend: inactive (deactivated or suspended) people never authenticate."""
