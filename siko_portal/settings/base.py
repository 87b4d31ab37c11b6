"""Settings shared by every environment. Everything that differs comes from the environment."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from siko_portal.env import env, env_bool, env_int, env_list
from siko_portal.release import current_release

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env("SIKO_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz")
# Key rotation (docs/betrieb.md): the previous keys, comma-separated. Sessions, password-reset links and
# signed links made with them stay valid until they are removed from the list.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
# Fernet keys (urlsafe base64, 32 bytes) for second-factor secrets at rest, comma-separated: the first
# encrypts, all decrypt (rotation: new key first, `manage.py mfa_rotate_key`, then drop the old one).
MFA_ENCRYPTION_KEY = env("MFA_ENCRYPTION_KEY", "ZGV2LW9ubHktbWZhLWtleS1jaGFuZ2UtbWUtMDAwMDA=")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Portal apps first so their templates and translations win.
    "portal",
    "startseite",
    "suche",
    "redaktion",
    "accounts",
    "audit",
    "benachrichtigungen",
    "behoerden",
    "fachgebiete",
    "medien",
    "glossary",
    "praevention",
    "veranstaltungen",
    "arbeitskreise",
    "dateien",
    "lagebilder",
    "austausch",
    "anfragen",
    "analysen",
    "erhebungen",
    "newsletter",
    "rechtliches",
    "foederation",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    # allauth
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Login with one's own authority (foederation): allauth's SAML 2.0 and OpenID Connect providers.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.saml",
    "allauth.socialaccount.providers.openid_connect",
    # object permissions
    "guardian",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",  # Django's form templates for TemplatesSetting
]

MIDDLEWARE = [
    # Outermost: request id, one log line and metrics per request (siko_portal.observability).
    "siko_portal.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # One read of the shared content generation per request (portal.content_cache).
    "portal.middleware.ContentGenerationMiddleware",
    # Client address and user agent for audit entries written in services (audit.context).
    "audit.context.AuditContextMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: it tells people in German why their session ended.
    "accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # German page and audit entry for a replayed or unrequested IdP answer (allauth: PermissionDenied).
    "foederation.middleware.FederatedAnswerErrorMiddleware",
    # Deny by default: every view needs an active, second-factor-verified account unless allow-listed.
    "portal.middleware.AccessPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "siko_portal.urls"
WSGI_APPLICATION = "siko_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "portal.context_processors.portal",
                "benachrichtigungen.context_processors.benachrichtigungen",
            ],
        },
    },
]

# Forms render through the project's template engine, so templates/django/forms/widgets/ can write the
# options of large selects and checkbox lists in place (Django's documented widget template override).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'siko.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# --- Cache, Celery --------------------------------------------------------------------------
# The release id is part of every cache key (KEY_PREFIX): a deploy never serves HTML, pages or values
# cached by the previous release. Set PORTAL_RELEASE at deploy time (e.g. the image tag or commit);
# without it the checked-out git commit is used, else the project version (siko_portal/release.py).
PORTAL_RELEASE = current_release(BASE_DIR, env("PORTAL_RELEASE"))
CACHE_KEY_PREFIX = f"siko:{PORTAL_RELEASE}"
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "siko",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None
    # Without Redis, tasks run in-process (demo and development).
    CELERY_TASK_ALWAYS_EAGER = True
# Process-local fragments that are the same for many people and cheap to keep in every worker (the header
# navigation per role set, portal.navigation): every key holds the shared content generation, read from the
# default cache once per request, so a change reaches every process at once; the release is the prefix.
LOCAL_FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "siko-fragmente",
    "KEY_PREFIX": CACHE_KEY_PREFIX,
    "TIMEOUT": 30 * 60,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
CACHES["lokal"] = LOCAL_FRAGMENT_CACHE
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Berlin"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker logs through Django's LOGGING (JSON lines in production), not through Celery's own setup.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Beat's heartbeat (portal.tasks.beat_heartbeat): proves beat and worker run; see docs/betrieb.md.
BEAT_HEARTBEAT_SECONDS = env_int("BEAT_HEARTBEAT_SECONDS", 300)
CELERY_BEAT_SCHEDULE = {
    "konten-rezertifizierung": {
        "task": "accounts.tasks.suspend_uncertified_accounts",
        "schedule": crontab(hour=2, minute=15),
    },
    # One daily digest per person of every notification they chose to receive that way.
    "benachrichtigungen-tageszusammenfassung": {
        "task": "benachrichtigungen.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    # Re-certification due in 30 and in 7 days: the person and their Ansprechpartner are told once each.
    "konten-rezertifizierung-erinnerung": {
        "task": "accounts.tasks.remind_recertification",
        "schedule": crontab(hour=6, minute=45),
    },
    # Invitations that expired unused: the inviter is told once.
    "konten-einladungen-abgelaufen": {
        "task": "accounts.tasks.notify_expired_invitations",
        "schedule": crontab(minute=20),
    },
    # 360°-Analysen: overdue follow-up tasks to the case lead; deletion dates (reminder 30 days ahead).
    "analysen-aufgaben-ueberfaellig": {
        "task": "analysen.tasks.remind_overdue_tasks",
        "schedule": crontab(hour=7, minute=15),
    },
    "analysen-loeschfristen": {
        "task": "analysen.tasks.apply_deletion_dates",
        "schedule": crontab(hour=3, minute=40),
    },
    "austausch-aufbewahrung": {
        "task": "austausch.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=10),
    },
    # Wagtail's scheduled publishing ("Veröffentlichung planen") needs this run regularly.
    "seiten-geplant-veroeffentlichen": {
        "task": "portal.tasks.publish_scheduled_pages",
        "schedule": crontab(minute="*/5"),
    },
    "erhebungen-erinnerungen": {
        "task": "erhebungen.tasks.send_erhebung_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # Every 15 minutes: is the weekly newsletter slot (set in the admin) due and not yet done this week?
    # Also resumes interrupted sends. Idempotent, see newsletter/services.py.
    "newsletter-wochenlauf": {
        "task": "newsletter.tasks.wochenlauf",
        "schedule": crontab(minute="*/15"),
    },
    # A log line and a cache entry: monitoring (and `make stack-test`) sees that beat and worker run.
    "betrieb-heartbeat": {
        "task": "portal.tasks.beat_heartbeat",
        "schedule": float(BEAT_HEARTBEAT_SECONDS),
    },
}

# --- Informationsaustausch --------------------------------------------------------------------
AUSTAUSCH_ARCHIVE_AFTER_DAYS = env_int("AUSTAUSCH_ARCHIVE_AFTER_DAYS", 730)
AUSTAUSCH_DELETE_AFTER_DAYS = env_int("AUSTAUSCH_DELETE_AFTER_DAYS", 365)
AUSTAUSCH_MAX_TEXT_LENGTH = 20000
AUSTAUSCH_RATE_LIMIT = 10  # posts per person ...
AUSTAUSCH_RATE_WINDOW_SECONDS = 300  # ... within five minutes

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Newsletter -----------------------------------------------------------------------------
NEWSLETTER_FROM_EMAIL = env("NEWSLETTER_FROM_EMAIL", "SiKo Ruhr Newsletter <newsletter@siko-ruhr.nrw.de>")
NEWSLETTER_UNSUBSCRIBE_MAILTO = env("NEWSLETTER_UNSUBSCRIBE_MAILTO", "newsletter-abmelden@siko-ruhr.nrw.de")
NEWSLETTER_MESSAGE_ID_DOMAIN = env("NEWSLETTER_MESSAGE_ID_DOMAIN", "siko-ruhr.nrw.de")
NEWSLETTER_LINK_MAX_AGE = env_int("NEWSLETTER_LINK_MAX_AGE", 60 * 24 * 3600)  # signed email links: 60 days
# Recipients per task (one SMTP connection). A chunk computes each digest once per group of people who
# see the same news, so larger chunks share more; 250 take about a second to send.
NEWSLETTER_CHUNK_SIZE = env_int("NEWSLETTER_CHUNK_SIZE", 250)
# A delivery stuck in "sending" longer than this (worker crashed) may be claimed again.
NEWSLETTER_CLAIM_TIMEOUT = env_int("NEWSLETTER_CLAIM_TIMEOUT", 10 * 60)
NEWSLETTER_MAX_ATTEMPTS = env_int("NEWSLETTER_MAX_ATTEMPTS", 6)

# --- Sessions -------------------------------------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 30 * 60  # idle timeout; refreshed by SessionLifetimeMiddleware
SESSION_ABSOLUTE_MAX_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A rejected form post (stale page after a new login or release) gets the portal's German explanation,
# never Django's technical page, whatever DEBUG says.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.PortalModelBackend",
    "accounts.backends.PortalAuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SiKo Ruhr] "
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Security notifications (German templates in templates/account/email/ and templates/mfa/email/): a changed
# login address is reported to the old address, password and second-factor changes to the account.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {
    # Failed second-factor codes (allauth.mfa: per IP, and per account after the password was right).
    # Failed passwords: accounts.login_throttle (per IP, per account+IP, growing delay per account).
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
}
# Failed logins (accounts.login_throttle): blocks per IP and per account+IP; per account only a growing
# delay (30 s, 1, 2, 4, 8 min, at most 15 min), so nobody can lock someone else out; the owner is warned.
LOGIN_IP_LIMIT = 10
LOGIN_IP_WINDOW_SECONDS = 60
LOGIN_ACCOUNT_IP_LIMIT = 5
LOGIN_ACCOUNT_IP_WINDOW_SECONDS = 300
LOGIN_DELAY_AFTER = 5
LOGIN_DELAY_BASE_SECONDS = 30
LOGIN_DELAY_MAX_SECONDS = 15 * 60
LOGIN_FAILURE_MEMORY_SECONDS = 24 * 3600
LOGIN_WARNING_AFTER = 5
LOGIN_WARNING_PERIOD_SECONDS = 24 * 3600
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
# Addresses are not verified by mail (accounts come from invitations); changing one needs re-authentication.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "SiKo Ruhr Portal"
# Accept the neighbouring 30-second step too (RFC 6238): phone clocks drift, and typing takes time.
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", False)

# Federated login (foederation): SocialApps come from the Geschäftsstelle's Identitaetsanbieter records.
SOCIALACCOUNT_ADAPTER = "foederation.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_PROVIDERS = {
    # allauth's SAML provider, keeping the assertion's AuthnContext for the second-factor decision.
    "saml": {"provider_class": "foederation.providers.PortalSAMLProvider"},
    # allauth's OpenID Connect provider with a nonce and a full ID token check (signature, iss, aud, ...).
    "openid_connect": {"provider_class": "foederation.oidc.PortalOIDCProvider"},
}

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None  # guardian: no anonymous object permissions at all

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch"))]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("de", "Deutsch")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch")]
USE_THOUSAND_SEPARATOR = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Private media: never under a public URL, served only by permission-checked views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "private")))
MEDIA_URL = "/_geschuetzt/"
FILE_STORAGE_BACKEND = env("FILE_STORAGE_BACKEND", "local")  # "local" or "s3"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if FILE_STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL"),
            "access_key": env("S3_ACCESS_KEY"),
            "secret_key": env("S3_SECRET_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_PERMISSIONS = 0o640
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Virus scan (dateien.clamav): clamd's Unix socket, or host and port (TCP). Production refuses to start
# without one unless ANTIVIRUS=aus is set explicitly; `check --deploy` then warns (dateien.W001).
CLAMD_SOCKET = env("CLAMD_SOCKET")  # e.g. /run/clamav/clamd.ctl
CLAMD_HOST = env("CLAMD_HOST")  # e.g. clamd (docker-compose.yml)
CLAMD_PORT = env_int("CLAMD_PORT", 3310)
ANTIVIRUS = (env("ANTIVIRUS", "an") or "an").strip().lower()  # "aus": no virus scan, deliberately
# "x-accel" in production behind nginx: downloads are handed to nginx via X-Accel-Redirect.
DOWNLOAD_BACKEND = env("DOWNLOAD_BACKEND", "django")
X_ACCEL_PREFIX = "/_geschuetzt_intern/"

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "SiKo Ruhr Portal <portal@siko-ruhr.nrw.de>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in emails. Without it: the address `make demo` / runserver serves (PORT, default 8000).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", f"http://localhost:{env('PORT', '8000')}").rstrip("/")

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "SiKo Ruhr Portal"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAILADMIN_LOGIN_URL = "/konto/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/konto/login/"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
# Email, password and second factor change only through the portal's own, re-authenticated and
# audited flow (/admin/account/ redirects there, see siko_portal/urls.py).
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# An approved workflow publishes (the approver holds no publish permission: four eyes, no bypass).
WAGTAIL_FINISH_WORKFLOW_ACTION = "redaktion.workflow_finish.publish_approved"
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Wagtail's fallback backend keeps no index of its own: the admin's search queries the tables directly.
# The portal's search reads its one page index (suche.page_index, suche.models.PageSearchEntry: visibility,
# Fachgebiete, the German analyser), so a publish writes one index, not two.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database.fallback"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt"]
WAGTAILIMAGES_EXTENSIONS = ["png", "jpg", "jpeg"]
# Every CMS document and image upload (add, multiple add, chooser, replace file) goes through the
# portal's upload check (dateien.validation): type by content, active content, size, virus scan.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "dateien.cms_forms.PortalDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "dateien.cms_forms.PortalImageForm"
# Image renditions live in the default (private) storage, but every URL Wagtail builds for them points at
# the permission-checked view under /medien/bilder/ (rich text, {% image %}, ImageBlock, admin).
WAGTAILIMAGES_RENDITION_STORAGE = "medien.storage.rendition_storage"
WAGTAILEMBEDS_FINDERS = []  # closed network: no oEmbed lookups
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatar requests to gravatar.com from the admin

# --- Portal ---------------------------------------------------------------------------------
RECERTIFICATION_MONTHS = 12
INVITATION_VALID_DAYS = 7
# Conditions of the access policy after the second factor (portal.middleware.AccessPolicyMiddleware):
# callables that return the URL a person must visit first, or None.
ACCESS_POLICY_GATES = ["rechtliches.gate.confirmation_pending"]

# LOG_FORMAT "text" (development) or "json" (production default: one JSON object per line with request
# id, user id, status and duration, see siko_portal.observability). Logs go to stderr; the process
# manager (systemd, docker, `make stack`) decides where they are kept.
LOG_FORMAT = env("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT muss „text“ oder „json“ sein.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "siko_portal.observability.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"level": "ERROR"},
        # Per-request lines only when asked for (LOG_REQUESTS=1, on in production).
        "siko.request": {"level": "INFO" if env_bool("LOG_REQUESTS", False) else "WARNING"},
    },
}
