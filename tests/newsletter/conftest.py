"""Newsletter fixtures: fake NewsSources (the digest relies only on portal.news), issues, recipients."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from portal import news

SECRET_VSNFD_TITLE = "Clanstruktur Altendorf – Personenzusammenhänge VS-GEHEIMTITEL"
ONLY_A_TITLE = "Lagebild Rotlicht Essen-Nord NUR-BEHOERDE-A"
PUBLIC_TITLE = "Handreichung Shisha-Kontrollen 2026"
VERKEHR_TITLE = "Neue Checkliste Verkehrskontrollen"


@pytest.fixture
def news_sources(db, behoerde_factory):
    """Register three fake sections: open to all, visible only to authority A, and one VS-NfD report."""
    behoerde_a = behoerde_factory(name="Behörde A")
    saved = dict(news._sources)
    news._sources.clear()
    now = timezone.now()

    def _filter(items, fachgebiete):
        if fachgebiete:
            items = [i for i in items if set(i.fachgebiete) & set(fachgebiete)]
        return items

    def offen(user, since, fachgebiete=None, limit=20):
        items = [
            news.NewsItem(
                "seiten", PUBLIC_TITLE, "/fachgebiete/shisha/handreichung/", now, True, False, ("shisha",)
            ),
            news.NewsItem(
                "seiten", VERKEHR_TITLE, "/fachgebiete/verkehr/checkliste/", now, False, False, ("verkehr",)
            ),
        ]
        return _filter(items, fachgebiete)[:limit]

    def lagebilder(user, since, fachgebiete=None, limit=20):
        if user.behoerde_id != behoerde_a.pk:
            return []
        items = [
            news.NewsItem("lagebilder", ONLY_A_TITLE, "/lagebilder/7/", now, True, False, ("rotlicht",)),
            news.NewsItem("lagebilder", SECRET_VSNFD_TITLE, "/lagebilder/8/", now, True, True, ("rotlicht",)),
        ]
        return _filter(items, fachgebiete)[:limit]

    news.register(news.NewsSource("seiten", "Fachgebiete", offen, order=10))
    news.register(news.NewsSource("lagebilder", "Lagebilder", lagebilder, order=20))
    yield {"behoerde_a": behoerde_a}
    news._sources.clear()
    news._sources.update(saved)


@pytest.fixture
def fachgebiete(db):
    from fachgebiete.models import Fachgebiet

    return {
        slug: Fachgebiet.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("shisha", "Shisha"), ("rotlicht", "Rotlicht"), ("verkehr", "Verkehr")]
    }


@pytest.fixture
def ausgabe_factory(db, user_factory):
    from newsletter.models import Abschnitt, Ausgabe, AusgabeStatus, Hervorhebung

    def make(status=AusgabeStatus.ENTWURF, titel="KW 48: Schwerpunkt Shisha", editorial=None, **kwargs):
        ausgabe = Ausgabe.objects.create(
            titel=titel,
            editorial=editorial
            if editorial is not None
            else '<p>Liebe Kolleginnen und Kollegen, <a href="/fachgebiete/shisha/">hier</a> mehr.</p>',
            status=status,
            **kwargs,
        )
        if editorial is None:
            Hervorhebung.objects.create(ausgabe=ausgabe, titel="Fachtag Clankriminalität", url="/kalender/3/")
            Abschnitt.objects.create(
                ausgabe=ausgabe, titel="Aus dem Arbeitskreis Shisha", text="<p>Termine.</p>"
            )
        if status in (AusgabeStatus.FREIGEGEBEN,):
            ausgabe.freigegeben_am = timezone.now() - datetime.timedelta(hours=1)
            ausgabe.save()
        return ausgabe

    return make


class FlakyBackend(LocmemBackend):
    """locmem, plus the failures a real SMTP server produces.

    - address in REJECT: 550 recipient refused (permanent)
    - DROP_AFTER: the first connection drops after that many messages (temporary); later ones work
    """

    REJECT: set[str] = set()
    DROP_AFTER: int | None = None
    connections_opened = 0
    _dropped = False

    def open(self):
        type(self).connections_opened += 1
        return True

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                if address in self.REJECT:
                    raise smtplib.SMTPRecipientsRefused({address: (550, b"5.1.1 User unknown")})
            if (
                self.DROP_AFTER is not None
                and not type(self)._dropped
                and len(mail.outbox) >= self.DROP_AFTER
            ):
                type(self)._dropped = True
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)

    @classmethod
    def reset(cls):
        cls.REJECT = set()
        cls.DROP_AFTER = None
        cls.connections_opened = 0
        cls._dropped = False


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "tests.newsletter.conftest.FlakyBackend"
    FlakyBackend.reset()
    yield FlakyBackend
    FlakyBackend.reset()
