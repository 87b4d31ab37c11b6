"""A small separate Django project: an OpenID Connect provider (django-oauth-toolkit, OIDC mode).

Started by the federation tests as its own process on 127.0.0.1 (tests/foederation/conftest.py);
configured through the environment. Test use only.
"""

import os

SECRET_KEY = "oidc-op-test-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.foederation.oidc_op.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["OIDC_OP_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/anmelden/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["OIDC_OP_KEY"],
    "OAUTH2_VALIDATOR_CLASS": "tests.foederation.oidc_op.validator.Validator",
    "SCOPES": {"openid": "OpenID Connect", "email": "E-Mail", "profile": "Profil"},
    "PKCE_REQUIRED": True,
    # RP-initiated logout (end_session_endpoint in discovery); no prompt for a valid id_token_hint.
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
}
