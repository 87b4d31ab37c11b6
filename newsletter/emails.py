"""Build the newsletter email: multipart text + HTML (CSS inlined), absolute links, unsubscribe headers."""

import html
import json
import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import RFC5322_EMAIL_LINE_LENGTH_LIMIT, sanitize_address
from django.template.loader import get_template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape
from wagtail.rich_text import expand_db_html

from .tokens import PURPOSE_PREFERENCES, PURPOSE_UNSUBSCRIBE, link_token_make

_INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)
_HREF_RELATIVE = re.compile(r'(href=")(/[^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.S | re.I)
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|ul|ol|div)>|<br\s*/?>", re.I)
_LIST_ITEM = re.compile(r"<li[^>]*>", re.I)


def absolute_url(path: str) -> str:
    """Return an absolute portal URL for a path; full addresses stay as they are."""
    if path.startswith(("http://", "https://", "mailto:")):
        return path
    return f"{settings.PORTAL_BASE_URL}/{path.lstrip('/')}"


def richtext_to_email_html(value: str) -> str:
    """Expand Wagtail rich text and make every portal link absolute."""
    expanded = expand_db_html(value or "")
    return _HREF_RELATIVE.sub(lambda m: f'{m.group(1)}{absolute_url(m.group(2))}"', expanded)


def html_to_text(value: str) -> str:
    """Plain-text rendering of simple rich text: links as 'text (url)', one block per line."""
    text = _LINK.sub(lambda m: f"{_TAG.sub('', m.group(2))} ({m.group(1)})", value or "")
    text = _LIST_ITEM.sub("- ", text)
    text = _BLOCK_END.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


@dataclass
class IssueContent:
    """The parts of an issue that are the same for every recipient, prepared once per chunk."""

    ausgabe_id: int
    titel: str
    datum: str
    editorial_html: str
    editorial_text: str
    hervorhebungen: list[dict]
    abschnitte: list[dict]  # {fachgebiet: slug|None, titel, html, text}

    @property
    def has_editorial(self) -> bool:
        return bool(self.editorial_text or self.hervorhebungen or self.abschnitte)

    @classmethod
    def from_ausgabe(cls, ausgabe) -> "IssueContent":
        editorial_html = richtext_to_email_html(ausgabe.editorial)
        when = ausgabe.versand_gestartet_am or timezone.now()
        return cls(
            ausgabe_id=ausgabe.pk,
            titel=ausgabe.titel,
            datum=formats.date_format(timezone.localtime(when), "j. F Y"),
            editorial_html=editorial_html,
            editorial_text=html_to_text(editorial_html),
            hervorhebungen=[
                {"titel": h.titel, "url": absolute_url(h.url), "kurztext": h.kurztext}
                for h in ausgabe.hervorhebungen.all()
            ],
            abschnitte=[
                {
                    "fachgebiet": a.fachgebiet.slug if a.fachgebiet_id else None,
                    "fachgebiet_name": a.fachgebiet.name if a.fachgebiet_id else "",
                    "titel": a.titel,
                    "html": (body := richtext_to_email_html(a.text)),
                    "text": html_to_text(body),
                }
                for a in ausgabe.abschnitte.select_related("fachgebiet")
            ],
        )

    def sections_for(self, fachgebiete: list[str] | None) -> list[dict]:
        """Sections without a Fachgebiet, and those of the person's chosen Fachgebiete (none chosen: all)."""
        if not fachgebiete:
            return self.abschnitte
        return [a for a in self.abschnitte if a["fachgebiet"] is None or a["fachgebiet"] in fachgebiete]


def _digest_absolute(digest: list[dict]) -> list[dict]:
    return [
        {
            "label": section["label"],
            "items": [{**item, "url": absolute_url(item["url"])} for item in section["items"]],
        }
        for section in digest
    ]


def build_message(
    *, content: IssueContent, user, email: str, digest: list[dict], fachgebiete=None, test: bool = False
) -> "NewsletterEmail":
    """Return the multipart email for one person (preview, test email; sending uses MessageFactory)."""
    return MessageFactory(content, test=test).message(
        user=user, email=email, digest=digest, fachgebiete=fachgebiete
    )


class NewsletterEmail(EmailMultiAlternatives):
    """An email whose MIME bytes may already be prepared (see MessageFactory): then the SMTP backend
    sends those instead of serialising the message again."""

    prepared: bytes | None = None

    def message(self):
        if self.prepared is None:
            return super().message()
        return _PreparedMIME(self.prepared)


class _PreparedMIME:
    """The part of a MIME message object Django's SMTP backend uses: the serialised bytes."""

    def __init__(self, raw: bytes):
        self.raw = raw

    def as_bytes(self, unixfrom=False, linesep="\n") -> bytes:
        return self.raw if linesep == "\r\n" else self.raw.replace(b"\r\n", linesep.encode())

    def get_charset(self):
        return None


@dataclass
class _Class:
    """What recipients with the same digest and sections share: the bodies and, once needed, the MIME
    bytes with stand-ins for the personal parts."""

    text: str
    html: str
    mime: bytes | None = None
    mime_done: bool = False


class MessageFactory:
    """Build the emails of one issue. The bodies are rendered, and their CSS inlined, once per distinct
    (digest, editorial sections); per person only the personal parts are filled in: the salutation and
    the signed preferences link in the body, address, unsubscribe link and Message-ID in the headers.

    With `prepared=True` (SMTP) the whole message is also serialised once per distinct digest, and per
    person the stand-ins in those bytes are replaced – the same bytes Django would produce, without
    building and flattening a MIME tree for every recipient (tests/newsletter/test_emails.py)."""

    def __init__(self, content: IssueContent, *, test: bool = False):
        self.content = content
        self.test = test
        # Stand-ins for the personal parts: plain ASCII letters and digits survive template escaping,
        # the CSS inliner and MIME serialisation unchanged; random per factory, so no editorial text can
        # contain them; the marker plus a two-letter code, so none is part of another.
        m = f"nlp{secrets.token_hex(8)}"
        self._name_text, self._name_html, self._token = f" {m}nt", f" {m}nh", f"{m}pt"
        self._to, self._user, self._unsub, self._unsub_q = f"{m}to@{m}.invalid", f"{m}id", f"{m}ut", f"{m}uq"
        self._preferences_url = absolute_url(
            reverse("newsletter:einstellungen_link", kwargs={"token": self._token})
        )
        self._unsubscribe_url = absolute_url(reverse("newsletter:abmelden", kwargs={"token": self._unsub}))
        self._archive_url = absolute_url(
            reverse("newsletter:archiv_detail", kwargs={"pk": content.ausgabe_id})
        )
        self._classes: dict[tuple, _Class] = {}
        self._json: dict[int, tuple[list, str]] = {}
        self.renders = 0
        self.sender = sanitize_address(settings.NEWSLETTER_FROM_EMAIL, settings.DEFAULT_CHARSET)

    def json(self, digest: list[dict]) -> str:
        """The digest as JSON, serialised once per digest object (recipients share them)."""
        found = self._json.get(id(digest))
        if found is None or found[0] is not digest:
            found = self._json[id(digest)] = (digest, json.dumps(digest))
        return found[1]

    def _class(self, digest: list[dict], fachgebiete) -> _Class:
        abschnitte = self.content.sections_for(fachgebiete)
        key = (json.dumps(digest, sort_keys=True), tuple(id(a) for a in abschnitte))
        found = self._classes.get(key)
        if found is None:
            context = {
                "content": self.content,
                "abschnitte": abschnitte,
                "digest": _digest_absolute(digest),
                "preferences_url": self._preferences_url,
                "archive_url": self._archive_url,
                "portal_url": settings.PORTAL_BASE_URL + "/",
                "test": self.test,
            }
            # The templates write "Guten Tag <anrede>,"; the stand-in includes the space before the name.
            text = _template("newsletter/email/ausgabe.txt").render(
                {**context, "anrede": self._name_text[1:]}
            )
            html = _template("newsletter/email/ausgabe.html").render(
                {**context, "anrede": self._name_html[1:]}
            )
            found = self._classes[key] = _Class(text=text, html=_INLINER.inline(html))
            self.renders += 1
        return found

    def message(
        self, *, user, email: str, digest: list[dict], fachgebiete=None, prepared: bool = False
    ) -> NewsletterEmail:
        """Return the multipart email for one person."""
        shared = self._class(digest, fachgebiete)
        name = user.get_full_name() or ""
        preferences_token = link_token_make(user_id=user.pk, purpose=PURPOSE_PREFERENCES)
        unsubscribe_token = link_token_make(user_id=user.pk, purpose=PURPOSE_UNSUBSCRIBE)
        personal = {
            self._name_text: f" {name}" if name else "",
            self._name_html: f" {escape(name)}" if name else "",
            self._token: preferences_token,
            self._unsub: unsubscribe_token,
            self._unsub_q: quote(unsubscribe_token),
            self._user: str(user.pk),
            self._to: email,
        }
        message = self._email(
            text=_fill(shared.text, personal), html=_fill(shared.html, personal), personal=personal
        )
        if prepared:
            message.prepared = self._prepared(shared, personal)
        return message

    def _email(self, *, text: str, html: str, personal: dict) -> NewsletterEmail:
        domain = settings.NEWSLETTER_MESSAGE_ID_DOMAIN
        test_suffix = f".test.{timezone.now().timestamp()}" if self.test else ""
        unsubscribe_url = self._unsubscribe_url.replace(self._unsub, personal[self._unsub])
        headers = {
            "List-Unsubscribe": (
                f"<{unsubscribe_url}>, <mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}"
                f"?subject={quote('abmelden ')}{personal[self._unsub_q]}>"
            ),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"SiKo Ruhr Newsletter <newsletter.{domain}>",
            "Auto-Submitted": "auto-generated",
            # Stable per (issue, recipient): a resend after a crash can be recognised as the same message.
            "Message-ID": f"<newsletter.{self.content.ausgabe_id}.{personal[self._user]}{test_suffix}@{domain}>",
        }
        message = NewsletterEmail(
            subject=f"{'[Test] ' if self.test else ''}SiKo Ruhr Newsletter: {self.content.titel}",
            body=text,
            from_email=settings.NEWSLETTER_FROM_EMAIL,
            to=[personal[self._to]],
            headers=headers,
        )
        message.attach_alternative(html, "text/html")
        return message

    def _prepared(self, shared: _Class, personal: dict) -> bytes | None:
        """The MIME bytes for this person, or None (then Django serialises the message as usual)."""
        if not shared.mime_done:
            shared.mime_done = True
            stand_ins = {key: key for key in personal}
            mime = self._email(text=shared.text, html=shared.html, personal=stand_ins).message()
            raw = mime.as_bytes(linesep="\r\n")
            expected = {key: shared.text.count(key) + shared.html.count(key) for key in personal}
            expected.update({self._to: 1, self._user: 1, self._unsub: 1, self._unsub_q: 1})
            # Only bodies sent as they are (8bit: not quoted-printable, base64 or 7bit) may take the
            # personal parts as they come; otherwise this digest takes the usual way.
            if raw.count(b"Content-Transfer-Encoding: 8bit") == 2 and all(
                raw.count(key.encode()) == n for key, n in expected.items()
            ):
                shared.mime = raw
        address = personal[self._to]
        if shared.mime is None or not address.isascii():
            return None
        raw = shared.mime
        for key, value in personal.items():
            raw = raw.replace(key.encode(), value.encode())
        if max(map(len, raw.split(b"\r\n"))) > RFC5322_EMAIL_LINE_LENGTH_LIMIT:
            return None  # a very long name made a line too long for 8bit: let Django encode it
        return raw


def _fill(text: str, personal: dict) -> str:
    for key, value in personal.items():
        if key in text:
            text = text.replace(key, value)
    return text


_templates: dict = {}


def _template(name: str):
    # Template loading is cached per process; the loaders cache too, but this skips the lookup.
    if settings.DEBUG or name not in _templates:
        _templates[name] = get_template(name)
    return _templates[name]
