"""Operations: JSON log lines, the request log, /health/ with every service, beat's heartbeat, and the
rotation of the second-factor key (docs/betrieb.md)."""

import json
import logging

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.core.cache import cache
from django.core.management import call_command

from siko_portal.observability import JsonFormatter

pytestmark = pytest.mark.django_db


def _record(**extra) -> logging.LogRecord:
    record = logging.LogRecord("siko.test", logging.INFO, __file__, 1, "Hallo %s", ("Welt",), None)
    for name, value in extra.items():
        setattr(record, name, value)
    return record


def test_json_formatter_writes_named_fields_only():
    line = JsonFormatter().format(_record(status=200, user_id=7, password="geheim-123", request="x"))
    entry = json.loads(line)
    assert entry["msg"] == "Hallo Welt" and entry["status"] == 200 and entry["user_id"] == 7
    assert entry["level"] == "INFO" and entry["logger"] == "siko.test" and entry["ts"]
    assert "geheim-123" not in line and "request" not in entry


@pytest.fixture
def request_log(caplog, settings):
    caplog.set_level(logging.INFO, logger="siko.request")
    return caplog


def _entries(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "siko.request"]


def test_request_log_has_request_id_user_status_and_duration(client, login, mitglied, request_log):
    client = login(mitglied)
    # A page outside Wagtail's tree (a transactional test before may have flushed the home page).
    response = client.get("/behoerden/", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    assert response["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    (entry,) = _entries(request_log)
    assert entry.request_id == "0123456789abcdef0123456789abcdef"
    assert entry.user_id == mitglied.pk and entry.status == 200 and entry.duration_ms >= 0
    assert entry.path == "/behoerden/" and entry.method == "GET"


def test_request_log_replaces_a_malformed_request_id_and_masks_tokens(client, request_log):
    response = client.get("/newsletter/abmelden/geheimes-token-123/?q=x", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>" and len(response["X-Request-ID"]) == 32
    (entry,) = _entries(request_log)
    assert entry.path == "/newsletter/abmelden/***/"
    assert "geheimes-token-123" not in JsonFormatter().format(entry)
    assert entry.user_id is None


def test_health_reports_clamd_down_as_503(client, settings, tmp_path):
    settings.ANTIVIRUS = "an"
    settings.CLAMD_SOCKET = str(tmp_path / "kein-clamd.sock")
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["clamd"] == "error" and response.json()["status"] == "error"


def test_health_reports_an_unreachable_broker_as_503(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from siko_portal.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/health/")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["broker"] == "error"


def test_beat_heartbeat_is_scheduled_and_noted(settings):
    from portal.tasks import HEARTBEAT_CACHE_KEY, beat_heartbeat

    entry = settings.CELERY_BEAT_SCHEDULE["betrieb-heartbeat"]
    assert entry["task"] == "portal.tasks.beat_heartbeat"
    when = beat_heartbeat()
    assert cache.get(HEARTBEAT_CACHE_KEY) == when


def test_mfa_key_rotation_keeps_second_factors_working(settings, mitglied):
    from accounts.adapters import MFAAdapter
    from accounts.authenticators import authenticator_totp_set

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEY = old
    authenticator_totp_set(user=mitglied, secret="JBSWY3DPEHPK3PXP")
    # The new key first, the old one still listed: the stored secret is still readable.
    settings.MFA_ENCRYPTION_KEY = f"{new},{old}"
    stored = Authenticator.objects.get(user=mitglied, type=Authenticator.Type.TOTP)
    assert MFAAdapter().decrypt(stored.data["secret"]) == "JBSWY3DPEHPK3PXP"
    call_command("mfa_rotate_key")
    # After the rotation the old key can go.
    settings.MFA_ENCRYPTION_KEY = new
    stored.refresh_from_db()
    assert MFAAdapter().decrypt(stored.data["secret"]) == "JBSWY3DPEHPK3PXP"


def test_production_reads_key_fallbacks_and_logs_json():
    from tests.quality.test_security_headers import PRODUCTION_ENV, load_settings

    values = load_settings(
        {**PRODUCTION_ENV, "SECRET_KEY_FALLBACKS": "alter-schluessel-1, alter-schluessel-2"},
        ["SECRET_KEY_FALLBACKS", "LOG_FORMAT", "LOGGING"],
    )
    assert values["SECRET_KEY_FALLBACKS"] == ["alter-schluessel-1", "alter-schluessel-2"]
    assert values["LOG_FORMAT"] == "json"
    assert values["LOGGING"]["handlers"]["console"]["formatter"] == "json"
    assert values["LOGGING"]["loggers"]["siko.request"]["level"] == "INFO"
