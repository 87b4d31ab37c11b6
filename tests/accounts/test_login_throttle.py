"""Failed logins slow down guessing without locking the owner out (issue #13, part 8).

Time is moved forward through `accounts.login_throttle.now`; nothing sleeps."""

import pytest
from django.core import mail

from accounts import login_throttle
from audit.models import Aktion, AuditEntry

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"
PASSWORD = "Test-Passwort-123!"
WRONG = "falsch-falsch-falsch"


class Clock:
    def __init__(self):
        self.t = 1_800_000_000.0

    def __call__(self):
        return self.t

    def advance(self, seconds):
        self.t += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(login_throttle, "now", clock)
    return clock


def attempt(client, email, password, ip):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip)


def logged_in(response) -> bool:
    return response.status_code == 302


def fail_from_many_addresses(client, email, count, start=1):
    for n in range(start, start + count):
        response = attempt(client, email, WRONG, f"198.51.100.{n}")
        assert "nicht korrekt" in response.content.decode()


def test_delay_grows_and_is_capped(settings):
    assert [login_throttle.account_delay(n) for n in range(4, 11)] == [0, 30, 60, 120, 240, 480, 900]
    assert login_throttle.account_delay(30) == settings.LOGIN_DELAY_MAX_SECONDS


def test_failures_from_other_addresses_delay_the_owner_briefly_but_never_lock(client, mitglied, clock):
    fail_from_many_addresses(client, mitglied.email, 5)
    response = attempt(client, mitglied.email, PASSWORD, "203.0.113.7")
    content = response.content.decode()
    assert response.status_code == 200
    assert "erst in 30 Sekunden möglich" in content and "Das Konto ist nicht gesperrt." in content
    assert "_auth_user_id" not in client.session
    clock.advance(31)
    assert logged_in(attempt(client, mitglied.email, PASSWORD, "203.0.113.7"))


def test_each_further_failure_doubles_the_wait_and_waiting_attempts_do_not_count(client, mitglied, clock):
    fail_from_many_addresses(client, mitglied.email, 5)
    for _ in range(3):  # refused during the delay, not counted
        assert (
            "erst in 30 Sekunden" in attempt(client, mitglied.email, WRONG, "198.51.100.77").content.decode()
        )
    clock.advance(31)
    assert "nicht korrekt" in attempt(client, mitglied.email, WRONG, "198.51.100.78").content.decode()
    assert (
        "erst in 1 Minute möglich"
        in attempt(client, mitglied.email, PASSWORD, "203.0.113.7").content.decode()
    )
    clock.advance(61)
    assert "nicht korrekt" in attempt(client, mitglied.email, WRONG, "198.51.100.79").content.decode()
    assert (
        "erst in 2 Minuten möglich"
        in attempt(client, mitglied.email, PASSWORD, "203.0.113.7").content.decode()
    )
    clock.advance(121)
    assert logged_in(attempt(client, mitglied.email, PASSWORD, "203.0.113.7"))


def test_success_resets_the_delay(client, mitglied, clock):
    fail_from_many_addresses(client, mitglied.email, 5)
    clock.advance(31)
    assert logged_in(attempt(client, mitglied.email, PASSWORD, "203.0.113.7"))
    client.post("/konto/logout/")
    assert "nicht korrekt" in attempt(client, mitglied.email, WRONG, "198.51.100.90").content.decode()
    assert logged_in(attempt(client, mitglied.email, PASSWORD, "203.0.113.7"))


def test_account_and_address_limit_blocks_only_that_address(client, mitglied, clock):
    for _ in range(5):
        assert "nicht korrekt" in attempt(client, mitglied.email, WRONG, "198.51.100.5").content.decode()
    clock.advance(31)  # the account's delay is over ...
    response = attempt(client, mitglied.email, PASSWORD, "198.51.100.5")
    assert "für dieses Konto von Ihrem Anschluss" in response.content.decode()  # ... this address waits
    assert "_auth_user_id" not in client.session
    assert logged_in(attempt(client, mitglied.email, PASSWORD, "203.0.113.7"))  # the owner elsewhere does not


def test_address_limit_across_accounts(client, user_factory, clock):
    people = [user_factory() for _ in range(11)]
    for person in people[:10]:
        assert "nicht korrekt" in attempt(client, person.email, WRONG, "198.51.100.9").content.decode()
    response = attempt(client, people[10].email, PASSWORD, "198.51.100.9")
    assert "Zu viele fehlgeschlagene Anmeldeversuche von Ihrem Anschluss" in response.content.decode()
    assert logged_in(attempt(client, people[10].email, PASSWORD, "203.0.113.7"))
    clock.advance(61)
    client.post("/konto/logout/")
    assert logged_in(attempt(client, people[0].email, PASSWORD, "198.51.100.9"))


def test_refused_attempts_are_audited_once_per_window(client, mitglied, clock):
    fail_from_many_addresses(client, mitglied.email, 5)
    for _ in range(4):
        attempt(client, mitglied.email, WRONG, "198.51.100.50")
    entries = AuditEntry.objects.filter(aktion=Aktion.LOGIN_VERZOEGERT)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.subject == mitglied and entry.ip == "198.51.100.50"
    assert entry.details["grund"] == "konto_verzoegert" and entry.details["wartezeit_sekunden"] == 30
    assert AuditEntry.objects.filter(aktion=Aktion.LOGIN_FEHLSCHLAG, subject=mitglied).count() == 5


def test_owner_is_warned_by_email_at_most_once_a_day(client, mitglied, clock, settings):
    fail_from_many_addresses(client, mitglied.email, 4)
    assert mail.outbox == []
    fail_from_many_addresses(client, mitglied.email, 1, start=5)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mitglied.email]
    assert message.subject == "[SiKo Ruhr] Mehrere fehlgeschlagene Anmeldeversuche für Ihr Konto"
    assert "5 fehlgeschlagene Anmeldeversuche" in message.body
    assert "Ihr Konto ist nicht gesperrt." in message.body
    assert f"{settings.PORTAL_BASE_URL}/konto/password/change/" in message.body
    assert f"Zum Portal: {settings.PORTAL_BASE_URL}/" in message.body
    entry = AuditEntry.objects.get(aktion=Aktion.LOGIN_WARNUNG)
    assert entry.subject == mitglied and entry.details["fehlversuche"] == 5

    for step in range(3):  # more failures the same day: no second email
        clock.advance(1000)
        fail_from_many_addresses(client, mitglied.email, 1, start=20 + step)
    assert len(mail.outbox) == 1

    clock.advance(24 * 3600)
    fail_from_many_addresses(client, mitglied.email, 5, start=40)
    assert len(mail.outbox) == 2


def test_unknown_address_is_delayed_like_an_account_and_nobody_is_mailed(client, clock):
    fail_from_many_addresses(client, "niemand@example.org", 5)
    response = attempt(client, "niemand@example.org", WRONG, "203.0.113.7")
    assert "erst in 30 Sekunden möglich" in response.content.decode()
    assert mail.outbox == []


def test_mail_server_failure_does_not_break_the_login_form(client, mitglied, clock, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    fail_from_many_addresses(client, mitglied.email, 5)
    entry = AuditEntry.objects.get(aktion=Aktion.LOGIN_WARNUNG)
    assert entry.details["versandt"] is False
