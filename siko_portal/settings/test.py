"""Fast, deterministic test settings. DATABASE_URL/REDIS_URL may point at real servers (CI)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import (  # noqa: F401
    CACHE_KEY_PREFIX,
    CELERY_BEAT_SCHEDULE,
    INSTALLED_APPS,
    LOCAL_FRAGMENT_CACHE,
    REDIS_URL,
)

# Demo data and `manage.py seed_demo` (never in production settings).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in the test process; the newsletter integration test starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(os.environ.get("SIKO_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="siko-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Per-process cache so that parallel test workers and rate limits don't leak into each other.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "siko-test",
        "KEY_PREFIX": CACHE_KEY_PREFIX,
    },
    "lokal": LOCAL_FRAGMENT_CACHE,
}
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
