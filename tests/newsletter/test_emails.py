"""The newsletter email is a plain Django EmailMultiAlternatives – text body, HTML alternative, the
list headers – with each person's own salutation and signed links; people who get the same digest share
one rendering of the bodies."""

import email
import re
from collections import Counter
from email.policy import default as default_policy
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test.signals import template_rendered

from newsletter import services
from newsletter.digest import CLASSIFIED_TITLE
from newsletter.emails import IssueContent, MessageFactory, build_message
from newsletter.models import AusgabeStatus
from newsletter.tokens import PURPOSE_PREFERENCES, PURPOSE_UNSUBSCRIBE, link_token_read

from .conftest import ONLY_A_TITLE, PUBLIC_TITLE, SECRET_VSNFD_TITLE

pytestmark = pytest.mark.django_db

BASE = "https://portal.siko-ruhr.example"
PREFERENCES_LINK = re.compile(re.escape(BASE) + r"/newsletter/einstellungen/link/([^/]+)/")
UNSUBSCRIBE_LINK = re.compile(r"<" + re.escape(BASE) + r"/newsletter/abmelden/([^/]+)/>")
DIGEST = [
    {
        "label": "Lagebilder",
        "items": [
            {"titel": CLASSIFIED_TITLE, "url": "/lagebilder/8/", "neu": True, "vsnfd": True},
            {
                "titel": "Kontrollen <Shisha> & Söhne „Ückendorf“",
                "url": "/lagebilder/9/",
                "neu": False,
                "vsnfd": False,
            },
        ],
    },
    {
        "label": "Informationsaustausch",
        "items": [{"titel": "Frage", "url": "/austausch/thema/3/", "neu": True, "vsnfd": False}],
    },
]


@pytest.fixture
def rendered():
    """Names of the email templates rendered while the test runs."""
    names: list[str] = []

    def record(sender, template, context, **kwargs):
        if template.name and template.name.startswith("newsletter/email/"):
            names.append(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


@pytest.mark.parametrize(
    ("first", "last"),
    [("Anna", "Müller"), ("O'Brien", "& <Söhne>"), ("", ""), ("Zoë", "Çelik-Ünal"), ("&" * 150, "&" * 150)],
)
def test_message_is_a_django_email_with_text_html_and_the_persons_own_parts(
    first, last, user_factory, ausgabe_factory, settings
):
    settings.PORTAL_BASE_URL = BASE
    user = user_factory(first_name=first, last_name=last, email=f"p{len(first)}{len(last)}@behoerde.de")
    content = IssueContent.from_ausgabe(ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN))

    message = build_message(content=content, user=user, email=user.email, digest=DIGEST)

    assert type(message) is EmailMultiAlternatives
    assert message.to == [user.email]
    assert message.from_email == settings.NEWSLETTER_FROM_EMAIL
    assert message.subject == "SiKo Ruhr Newsletter: KW 48: Schwerpunkt Shisha"
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    text = message.body
    name = user.get_full_name()
    assert (f"Guten Tag {name}," if name else "Guten Tag,") in text
    escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#x27;")
    assert (f"Guten Tag {escaped}," if name else "Guten Tag,") in html
    # Titles escaped in HTML only; VS-NfD items only as the placeholder; links absolute from settings.
    assert "Kontrollen <Shisha> & Söhne „Ückendorf“" in text
    assert "Kontrollen &lt;Shisha&gt; &amp; Söhne „Ückendorf“" in html
    assert CLASSIFIED_TITLE in text and CLASSIFIED_TITLE in html
    assert f"{BASE}/lagebilder/9/" in text and f'href="{BASE}/lagebilder/9/"' in html
    assert f"Diese Ausgabe im Portal: {BASE}/newsletter/{content.ausgabe_id}/" in text
    for body in (text, html):
        [token] = set(PREFERENCES_LINK.findall(body))
        assert link_token_read(token, purpose=PURPOSE_PREFERENCES) == user.pk
    [unsubscribe] = UNSUBSCRIBE_LINK.findall(message.extra_headers["List-Unsubscribe"])
    assert link_token_read(unsubscribe, purpose=PURPOSE_UNSUBSCRIBE) == user.pk
    assert f"?subject=abmelden%20{quote(unsubscribe)}>" in message.extra_headers["List-Unsubscribe"]

    # Django serialises it; what arrives is the same text, HTML and headers.
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=default_policy)
    assert parsed["To"] == user.email
    assert parsed["Message-ID"] == f"<newsletter.{content.ausgabe_id}.{user.pk}@siko-ruhr.nrw.de>"
    assert parsed["List-Unsubscribe"].strip() == message.extra_headers["List-Unsubscribe"]
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Auto-Submitted"] == "auto-generated"
    parts = [part for part in parsed.walk() if not part.is_multipart()]
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    assert [part.get_content().replace("\r\n", "\n") for part in parts] == [text, html]


def test_people_with_the_same_digest_share_one_rendering(
    news_sources, user_factory, ausgabe_factory, rendered
):
    """Two people who get the same digest: each email template is rendered once for both; the third
    person, who sees more, gets a rendering of their own. Each message still carries its own parts."""
    one = user_factory(first_name="Erste", last_name="Person")
    two = user_factory(first_name="Zweite", last_name="Person")
    other = user_factory(first_name="Dritte", last_name="Person", behoerde=news_sources["behoerde_a"])
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)

    services.ausgabe_send_sync(ausgabe=ausgabe)

    assert Counter(rendered) == {"newsletter/email/ausgabe.txt": 2, "newsletter/email/ausgabe.html": 2}
    sent = {message.to[0]: message for message in mail.outbox}
    assert sorted(sent) == sorted(u.email for u in (one, two, other))
    for user in (one, two, other):
        message = sent[user.email]
        assert type(message) is EmailMultiAlternatives
        html = message.alternatives[0][0]
        for body in (message.body, html):
            assert f"Guten Tag {user.get_full_name()}," in body
            assert PUBLIC_TITLE in body and SECRET_VSNFD_TITLE not in body
            assert (ONLY_A_TITLE in body) == (user == other)
            [token] = set(PREFERENCES_LINK.pattern and re.findall(r"/einstellungen/link/([^/]+)/", body))
            assert link_token_read(token, purpose=PURPOSE_PREFERENCES) == user.pk
        assert message.extra_headers["Message-ID"] == f"<newsletter.{ausgabe.pk}.{user.pk}@siko-ruhr.nrw.de>"
    assert "Erste" not in sent[two.email].body and "Erste" not in sent[two.email].alternatives[0][0]


def test_a_factory_renders_once_per_digest_and_sections(user_factory, ausgabe_factory, rendered):
    factory = MessageFactory(IssueContent.from_ausgabe(ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)))
    one, two = user_factory(), user_factory()

    first = factory.message(user=one, email=one.email, digest=DIGEST)
    second = factory.message(user=two, email=two.email, digest=[dict(s) for s in DIGEST])  # equal, not same
    shorter = factory.message(user=two, email=two.email, digest=DIGEST[:1])

    assert Counter(rendered) == {"newsletter/email/ausgabe.txt": 2, "newsletter/email/ausgabe.html": 2}
    assert "Informationsaustausch" in first.body and "Informationsaustausch" in second.body
    assert "Informationsaustausch" not in shorter.body
    assert one.get_full_name() in first.body and one.get_full_name() not in second.body
