"""Production: PostgreSQL, Redis, Celery, gunicorn behind a TLS reverse proxy. No default secrets."""

from django.core.exceptions import ImproperlyConfigured

from siko_portal.env import env, env_bool, env_int, env_list, env_required

from .base import *  # noqa: F403

SECRET_KEY = env_required("SECRET_KEY")
MFA_ENCRYPTION_KEY = env_required("MFA_ENCRYPTION_KEY")
env_required("DATABASE_URL")
env_required("REDIS_URL")
# Uploads are virus-scanned in production; running without a scanner is an explicit decision.
if ANTIVIRUS not in {"an", "aus"}:  # noqa: F405
    raise ImproperlyConfigured("ANTIVIRUS muss „an“ oder „aus“ sein.")
if ANTIVIRUS != "aus" and not (CLAMD_SOCKET or CLAMD_HOST):  # noqa: F405
    raise ImproperlyConfigured(
        "Kein Virenscanner konfiguriert: Bitte CLAMD_SOCKET oder CLAMD_HOST/CLAMD_PORT setzen "
        "(oder den Virenscan ausdrücklich mit ANTIVIRUS=aus abschalten)."
    )
# PORTAL_RELEASE (see base.py, "Cache"): the release being deployed, e.g. the image tag or git commit. It
# is part of every cache key, so no deploy serves pages or values cached by the previous release. Unset,
# the commit of the checkout the image was built from is used (.git/HEAD), else the project version.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    env_required("ALLOWED_HOSTS")
DEBUG = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preload-list submission is the domain owner's decision (SECURE_HSTS_PRELOAD=1), not a code default;
# an intranet behind its own TLS proxy does not need it, so the reminder is silenced deliberately.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# __Host- prefix: cookie bound to this exact host, Secure, path "/".
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# Behind exactly one reverse proxy (deploy/nginx.conf sets X-Forwarded-For to the client address):
# allauth's per-IP login rate limits must see the client, not the proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
DOWNLOAD_BACKEND = env("DOWNLOAD_BACKEND", "x-accel")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DB_CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 60)
# JSON lines with one line per request (siko_portal.observability); LOG_FORMAT=text for reading by hand.
LOG_FORMAT = env("LOG_FORMAT", "json")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT muss „text“ oder „json“ sein.")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405
LOGGING["loggers"]["siko.request"]["level"] = "INFO" if env_bool("LOG_REQUESTS", True) else "WARNING"  # noqa: F405
# siko.request already writes one line per request; Django's 4xx warnings would repeat it (errors stay).
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405
# Celery's success line repeats the task's return value; siko.task logs the outcome without it.
LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}  # noqa: F405
