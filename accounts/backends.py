from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class _UserWithBehoerdeMixin:
    """Load the person with their authority in one query: every page header shows the authority."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("behoerde").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class PortalModelBackend(_UserWithBehoerdeMixin, ModelBackend):
    """Django's backend: inactive (deactivated or suspended) people never authenticate."""


class PortalAuthenticationBackend(_UserWithBehoerdeMixin, AuthenticationBackend):
    """allauth's login by email address, with the same user loading."""
