"""Settings of the gunicorn server that the journey test starts (tests/journeys/).

The dev settings with DEBUG off, as the portal runs in production: a cache shared by all worker
processes (Redis when REDIS_URL is set, with a key prefix of its own per test run; otherwise Django's
file cache in a directory of the run), tasks in-process, mail kept in memory. The test settings are no
use here: they force a per-process LocMemCache, which would hide exactly the bugs of a shared cache.
"""

from siko_portal.env import env

from .dev import *  # noqa: F403
from .dev import CACHE_KEY_PREFIX, LOCAL_FRAGMENT_CACHE, REDIS_URL

DEBUG = False
# The production cache backend, under a key prefix of the run (with the release id, as in production).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:{env('JOURNEY_CACHE_PREFIX', 'journey')}",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("JOURNEY_CACHE_DIR", str(VAR_DIR / "journey-cache")),  # noqa: F405
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
CACHES["lokal"] = LOCAL_FRAGMENT_CACHE
# No Celery worker runs beside the test server: tasks run in the request, as in the demo.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
