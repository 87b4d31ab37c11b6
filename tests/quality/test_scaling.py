"""The web tier keeps no local state: sessions, cache and rate limits in the database/Redis, files in a
configurable storage; the reverse proxy config matches the application's settings."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.quality.test_security_headers import PRODUCTION_ENV, load_settings

NAMES = [
    "CACHES",
    "SESSION_ENGINE",
    "STORAGES",
    "CELERY_BROKER_URL",
    "MESSAGE_STORAGE",
    "X_ACCEL_PREFIX",
    "MEDIA_ROOT",
    "DOWNLOAD_BACKEND",
    "ALLAUTH_TRUSTED_PROXY_COUNT",
]


def test_production_with_redis_uses_redis_cache_and_cached_db_sessions():
    values = load_settings(PRODUCTION_ENV, NAMES)
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == PRODUCTION_ENV["REDIS_URL"]
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert values["CELERY_BROKER_URL"] == PRODUCTION_ENV["REDIS_URL"]
    # Messages live in the session or a cookie, never in process memory.
    assert values["MESSAGE_STORAGE"] in (
        "django.contrib.messages.storage.fallback.FallbackStorage",
        "django.contrib.messages.storage.session.SessionStorage",
    )
    assert values["DOWNLOAD_BACKEND"] == "x-accel"
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    assert values["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_dev_settings_with_redis_url_use_redis_too():
    values = load_settings(
        {"DJANGO_SETTINGS_MODULE": "siko_portal.settings.dev", "REDIS_URL": "redis://127.0.0.1:6379/9"}, NAMES
    )
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_s3_storage_is_selected_by_environment():
    env = {
        **PRODUCTION_ENV,
        "FILE_STORAGE_BACKEND": "s3",
        "S3_BUCKET": "siko-dateien",
        "S3_ENDPOINT_URL": "https://s3.example.org",
        "S3_ACCESS_KEY": "zugang",
        "S3_SECRET_KEY": "geheim",
    }
    values = load_settings(env, NAMES)
    default = values["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "siko-dateien"
    assert default["OPTIONS"]["default_acl"] == "private"
    assert default["OPTIONS"]["querystring_auth"] is True
    # The backend class is importable (django-storages[s3] installed).
    from storages.backends.s3 import S3Storage  # noqa: F401


def _render_module():
    import importlib.util

    path = Path(settings.BASE_DIR) / "scripts" / "render_nginx_conf.py"
    spec = importlib.util.spec_from_file_location("render_nginx_conf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nginx_template_fills_only_its_own_variables_and_refuses_missing_ones():
    render = _render_module().render
    text = "server ${SIKO_WEB1}; return 301 https://$host:${SIKO_HTTPS_PORT}$request_uri; ${HOME}"
    assert render(text, {"SIKO_WEB1": "a:1", "SIKO_HTTPS_PORT": "443", "HOME": "/x"}) == (
        "server a:1; return 301 https://$host:443$request_uri; ${HOME}"
    )
    with pytest.raises(SystemExit, match="SIKO_HTTPS_PORT"):
        render(text, {"SIKO_WEB1": "a:1"})


def _compose_nginx_conf() -> str:
    """deploy/nginx.conf as the nginx container sees it: the template filled in with the SIKO_ values
    of docker-compose.yml (the same substitution `make stack` uses, scripts/render_nginx_conf.py)."""
    import importlib.util

    base = Path(settings.BASE_DIR)
    compose = (base / "docker-compose.yml").read_text()
    values = dict(re.findall(r'^\s+(SIKO_[A-Z0-9_]+): "?([^"\n]+)"?$', compose, re.MULTILINE))
    spec = importlib.util.spec_from_file_location(
        "render_nginx_conf", base / "scripts" / "render_nginx_conf.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render((base / "deploy" / "nginx.conf").read_text(), values)


def test_nginx_config_matches_the_application():
    conf = _compose_nginx_conf()
    protocols = re.search(r"ssl_protocols\s+([^;]+);", conf).group(1).split()
    assert protocols == ["TLSv1.2", "TLSv1.3"]
    assert re.search(rf"location {re.escape(settings.X_ACCEL_PREFIX)} \{{\s*internal;", conf)
    assert "alias /data/private/;" in conf  # docker-compose: MEDIA_ROOT=/data/private
    assert "server web1:8000" in conf and "server web2:8000" in conf
    assert "listen 443 ssl http2;" in conf and "return 301 https://$host:443$request_uri;" in conf
    assert "proxy_set_header X-Forwarded-Proto https;" in conf  # SECURE_PROXY_SSL_HEADER
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf  # one trusted hop
    assert not re.search(r"\$\{SIKO_[A-Z0-9_]+\}", conf)  # docker-compose.yml sets every variable
    compose = (Path(settings.BASE_DIR) / "docker-compose.yml").read_text()
    assert "web1:" in compose and "web2:" in compose
    assert "MEDIA_ROOT: /data/private" in compose
    assert "./deploy/nginx.conf:/etc/nginx/templates/default.conf.template:ro" in compose
