"""Prepared MIME bytes (serialised once per digest, personal parts filled in per person) are exactly what
Django would serialise for that person's message; where they could not be, Django serialises as usual."""

import email
import re
from email.policy import default as default_policy

import pytest

from newsletter.digest import CLASSIFIED_TITLE
from newsletter.emails import IssueContent, MessageFactory
from newsletter.models import AusgabeStatus
from newsletter.tokens import PURPOSE_PREFERENCES, PURPOSE_UNSUBSCRIBE, link_token_read

pytestmark = pytest.mark.django_db

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


def _django_bytes(message) -> bytes:
    prepared, message.prepared = message.prepared, None
    try:
        return message.message().as_bytes(linesep="\r\n")
    finally:
        message.prepared = prepared


def _comparable(raw: bytes) -> bytes:
    boundary = re.search(rb'boundary="([^"]+)"', raw).group(1)
    raw = raw.replace(boundary, b"BOUNDARY")
    raw = re.sub(rb"\r\nDate: [^\r]*", b"\r\nDate: X", raw)
    return re.sub(rb"\r\n([ \t])", rb"\1", raw)  # header folding depends on the stand-ins' length


@pytest.mark.parametrize(
    ("first", "last"),
    [("Anna", "Müller"), ("O'Brien", "& <Söhne>"), ("", ""), ("Zoë", "Çelik-Ünal")],
)
def test_prepared_bytes_equal_djangos_serialisation(first, last, user_factory, ausgabe_factory):
    user = user_factory(first_name=first, last_name=last, email=f"p{len(first)}{len(last)}@behoerde.de")
    factory = MessageFactory(IssueContent.from_ausgabe(ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)))

    message = factory.message(user=user, email=user.email, digest=DIGEST, fachgebiete=None, prepared=True)

    assert message.prepared is not None
    assert message.message().as_bytes(linesep="\r\n") == message.prepared
    assert _comparable(message.prepared) == _comparable(_django_bytes(message))
    parsed = email.message_from_bytes(message.prepared, policy=default_policy)
    text, html = (part.get_content() for part in parsed.walk() if not part.is_multipart())
    assert text.replace("\r\n", "\n") == message.body
    assert html.replace("\r\n", "\n") == message.alternatives[0][0]
    assert parsed["To"] == user.email
    assert parsed["Message-ID"] == f"<newsletter.{factory.content.ausgabe_id}.{user.pk}@siko-ruhr.nrw.de>"
    salutation = f"Guten Tag {user.get_full_name()}," if user.get_full_name() else "Guten Tag,"
    assert salutation in text
    token = re.search(r"/newsletter/einstellungen/link/([^/]+)/", html).group(1)
    assert link_token_read(token, purpose=PURPOSE_PREFERENCES) == user.pk
    unsubscribe = re.search(r"/newsletter/abmelden/([^/]+)/", parsed["List-Unsubscribe"]).group(1)
    assert link_token_read(unsubscribe, purpose=PURPOSE_UNSUBSCRIBE) == user.pk


def test_a_second_person_with_the_same_digest_reuses_the_rendering(user_factory, ausgabe_factory):
    factory = MessageFactory(IssueContent.from_ausgabe(ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)))
    one, two = (
        user_factory(first_name="Erste", last_name="Person"),
        user_factory(first_name="Zweite", last_name="Person"),
    )
    first = factory.message(user=one, email=one.email, digest=DIGEST, prepared=True)
    second = factory.message(user=two, email=two.email, digest=DIGEST, prepared=True)
    other = factory.message(user=two, email=two.email, digest=DIGEST[:1], prepared=True)
    assert factory.renders == 2
    assert _comparable(second.prepared) == _comparable(_django_bytes(second))
    assert b"Guten Tag Erste Person," in first.prepared
    assert b"Guten Tag Zweite Person," in second.prepared and b"Erste" not in second.prepared
    assert b"Informationsaustausch" not in other.prepared


def test_falls_back_to_django_where_bytes_cannot_be_filled_in(user_factory, ausgabe_factory):
    factory = MessageFactory(IssueContent.from_ausgabe(ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)))
    # An escaped name this long makes the HTML line longer than SMTP allows for 8bit text.
    long_name = user_factory(first_name="&" * 150, last_name="&" * 150)
    message = factory.message(user=long_name, email=long_name.email, digest=DIGEST, prepared=True)
    assert message.prepared is None
    assert b"quoted-printable" in message.message().as_bytes()
    # An address that needs encoding is left to Django.
    umlaut = user_factory(email="jürgen@behoerde.de")
    assert factory.message(user=umlaut, email=umlaut.email, digest=DIGEST, prepared=True).prepared is None
