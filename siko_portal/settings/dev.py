"""Development and demo: embedded defaults (SQLite, tasks in-process, mail to files)."""

from siko_portal.env import env

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, VAR_DIR

# Demo data and `manage.py seed_demo` (never in production settings).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = env("DJANGO_DEBUG", "0") != "0"
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
