"""Settings for a real Celery worker started by the newsletter integration test (and the benchmark).

Like the test settings, but tasks really go through Redis, and the database is the one the test
process uses (pytest-django's test database, passed in DATABASE_URL by the test).
"""

from siko_portal.env import env, env_int

from .test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = env("REDIS_URL")
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A dedicated queue per test run, so parallel runs and other helpers never share tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TEST_QUEUE", "newsletter-test")
# Unacknowledged tasks of a killed worker come back quickly.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 20)}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 8025)
NEWSLETTER_CLAIM_TIMEOUT = env_int("NEWSLETTER_CLAIM_TIMEOUT", 3)
NEWSLETTER_CHUNK_SIZE = env_int("NEWSLETTER_CHUNK_SIZE", 50)
NEWSLETTER_DIGEST_DEMO_SOURCES = env("NEWSLETTER_DIGEST_DEMO_SOURCES", "")
