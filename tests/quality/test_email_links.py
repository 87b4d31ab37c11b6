"""Every link in every email the portal sends points at PORTAL_BASE_URL and opens (no 404, no 500).

The emails are produced by the real services (invitation, password reset, newsletter, Erhebung reminder,
exchange notification, calendar subscription notice); each link is requested with the test client as the
recipient would open it (public links without a session, the others as the recipient)."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

BASE = "http://portal.siko-ruhr.test:8123"
LINK = re.compile(r"https?://[^\s\"'<>)]+")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "portal.siko-ruhr.test"]


def _links(message) -> set[str]:
    texts = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    return {link.rstrip(".,;") for text in texts for link in LINK.findall(text)}


def _open_all(messages, client_for) -> int:
    opened = 0
    for message in messages:
        links = _links(message)
        assert links, f"no link in {message.subject!r}"
        for link in links:
            assert link.startswith(BASE + "/"), f"{message.subject!r}: {link} is not on PORTAL_BASE_URL"
            parts = urlsplit(link)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            client = client_for(message, path)
            response = client.get(path, follow=True, HTTP_HOST="portal.siko-ruhr.test:8123")
            assert response.status_code == 200, f"{message.subject!r}: {link} → {response.status_code}"
            opened += 1
    return opened


def _as_recipient(login):
    from accounts.models import User

    def client_for(message, path):
        user = User.objects.filter(email__in=message.to).first()
        return login(user) if user is not None else Client()

    return client_for


def test_invitation_and_password_reset_links_open(user_factory, django_capture_on_commit_callbacks):
    from accounts.services import einladung_create

    ap = user_factory("ansprechpartner")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        einladung_create(email="neu@example.org", behoerde=ap.behoerde, rolle="mitglied", by=ap)
        Client().post("/konto/password/reset/", {"email": ap.email})
    subjects = [m.subject for m in mail.outbox]
    assert len(mail.outbox) == 2, subjects
    # Both are opened without a session, as the recipient would from the mail program.
    assert _open_all(mail.outbox, lambda message, path: Client()) >= 2


def test_newsletter_links_open(user_factory, login, django_capture_on_commit_callbacks):
    from demo.pages import ensure_home_page, ensure_wagtail_base
    from newsletter import services
    from newsletter.models import Ausgabe, AusgabeStatus, Hervorhebung

    # The newsletter links the start page: a transactional test before may have flushed Wagtail's tree.
    ensure_wagtail_base()
    ensure_home_page()
    gs = user_factory("geschaeftsstelle")
    reader = user_factory("mitglied")
    ausgabe = Ausgabe.objects.create(
        titel="KW 49: Test",
        editorial='<p>Mehr im <a href="/kalender/">Kalender</a>.</p>',
        status=AusgabeStatus.FREIGEGEBEN,
    )
    Hervorhebung.objects.create(ausgabe=ausgabe, titel="Lagebilder", url="/lagebilder/")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.ausgabe_send_start(ausgabe=ausgabe, by=gs)
    to_reader = [m for m in mail.outbox if reader.email in m.to]
    assert len(to_reader) == 1
    assert _open_all(to_reader, _as_recipient(login)) >= 4  # editorial, highlight, archive, settings…


def test_erhebung_reminder_links_open(erhebung_factory, geo, user_factory, login):
    from erhebungen.services import erinnerungen_send

    erhebung_factory(frist=timezone.localdate() + timedelta(days=3), erinnerung_tage=7)
    user_factory("ansprechpartner", behoerde=geo["a"])
    mail.outbox = []
    assert erinnerungen_send() >= 1
    assert _open_all(mail.outbox, _as_recipient(login)) >= 1


def test_exchange_notification_links_open(board, make_thema, login, django_capture_on_commit_callbacks):
    from austausch import services

    thema = make_thema()
    services.abo_set(user=board["gs"], thema=thema, zustellung="sofort")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.beitrag_create(thema=thema, by=board["mitglied"], text="Neue Erkenntnis.")
    to_gs = [m for m in mail.outbox if board["gs"].email in m.to]
    assert to_gs, [m.subject for m in mail.outbox]
    assert _open_all(to_gs, _as_recipient(login)) >= 1


def test_calendar_subscription_notice_links_open(user_factory, login, django_capture_on_commit_callbacks):
    from veranstaltungen.services import kalender_abo_create

    person = user_factory("mitglied")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        kalender_abo_create(user=person)
    assert len(mail.outbox) == 1
    assert _open_all(mail.outbox, _as_recipient(login)) == 1


def test_no_portal_host_is_hard_coded_in_templates_or_demo_content():
    """Portal links come from PORTAL_BASE_URL (emails) or are paths (pages); only external services
    (the demo's video conference) carry a host of their own."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    files = [*root.glob("templates/**/*.html"), *root.glob("templates/**/*.txt"), *root.glob("demo/**/*.py")]
    assert files
    # External services: the demo's video conference, and the local test identity provider of the demo
    # authority (`make demo-idp`, see docs/accounts.md).
    external = {"https://konferenz.siko-ruhr.nrw.de", "http://127.0.0.1:"}
    found = {
        f"{path.relative_to(root)}: {host}"
        for path in files
        for host in re.findall(r"https?://[A-Za-z0-9.:\[\]-]+", path.read_text(encoding="utf-8"))
        if host not in external
    }
    assert not found, sorted(found)


def test_portal_base_url_follows_the_demo_port(settings):
    """`make demo PORT=…` passes PORT on: without PORTAL_BASE_URL the links follow it."""
    import subprocess
    import sys

    env = {"PORT": "8123", "DJANGO_SETTINGS_MODULE": "siko_portal.settings.dev", "PATH": "/usr/bin:/bin"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.PORTAL_BASE_URL)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip().splitlines()[-1] == "http://localhost:8123"
