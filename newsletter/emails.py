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
from django.template.loader import render_to_string
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
) -> EmailMultiAlternatives:
    """Return the multipart email for one person (preview, test email; sending uses MessageFactory)."""
    return MessageFactory(content, test=test).message(
        user=user, email=email, digest=digest, fachgebiete=fachgebiete
    )


@dataclass
class _Bodies:
    """What recipients with the same digest and sections share: the rendered text and HTML bodies."""

    text: str
    html: str


class MessageFactory:
    """Build the emails of one issue. The bodies are rendered, and their CSS inlined, once per distinct
    (digest, editorial sections); per person only the personal parts are filled in: the salutation and
    the signed preferences link in the bodies, address, unsubscribe link and Message-ID in the headers.
    Each message is a plain EmailMultiAlternatives; the email backend serialises and sends it."""

    def __init__(self, content: IssueContent, *, test: bool = False):
        self.content = content
        self.test = test
        # Stand-ins for the personal parts of the shared bodies: plain ASCII letters and digits survive
        # template escaping and the CSS inliner unchanged; random per factory, so no editorial text can
        # contain them; the marker plus a two-letter code, so neither is part of the other.
        marker = f"nlp{secrets.token_hex(8)}"
        self._name, self._token = f"{marker}nm", f"{marker}tk"
        self._preferences_url = absolute_url(
            reverse("newsletter:einstellungen_link", kwargs={"token": self._token})
        )
        self._unsubscribe_url = absolute_url(reverse("newsletter:abmelden", kwargs={"token": self._token}))
        self._archive_url = absolute_url(
            reverse("newsletter:archiv_detail", kwargs={"pk": content.ausgabe_id})
        )
        self._bodies: dict[tuple, _Bodies] = {}

    def _shared(self, digest: list[dict], fachgebiete) -> _Bodies:
        abschnitte = self.content.sections_for(fachgebiete)
        key = (json.dumps(digest, sort_keys=True), tuple(id(a) for a in abschnitte))
        found = self._bodies.get(key)
        if found is None:
            context = {
                "content": self.content,
                "abschnitte": abschnitte,
                "digest": _digest_absolute(digest),
                "preferences_url": self._preferences_url,
                "archive_url": self._archive_url,
                "portal_url": settings.PORTAL_BASE_URL + "/",
                "test": self.test,
                # The templates write "Guten Tag <anrede>,"; _fill replaces " <stand-in>" as a whole,
                # so a person without a name gets "Guten Tag,".
                "anrede": self._name,
            }
            text = render_to_string("newsletter/email/ausgabe.txt", context)
            html = render_to_string("newsletter/email/ausgabe.html", context)
            found = self._bodies[key] = _Bodies(text=text, html=_INLINER.inline(html))
        return found

    def message(self, *, user, email: str, digest: list[dict], fachgebiete=None) -> EmailMultiAlternatives:
        """Return the multipart email (text, HTML alternative) for one person."""
        shared = self._shared(digest, fachgebiete)
        name = user.get_full_name() or ""
        preferences_token = link_token_make(user_id=user.pk, purpose=PURPOSE_PREFERENCES)
        unsubscribe_token = link_token_make(user_id=user.pk, purpose=PURPOSE_UNSUBSCRIBE)
        text = _fill(
            shared.text, {f" {self._name}": f" {name}" if name else "", self._token: preferences_token}
        )
        html = _fill(
            shared.html,
            {f" {self._name}": f" {escape(name)}" if name else "", self._token: preferences_token},
        )
        domain = settings.NEWSLETTER_MESSAGE_ID_DOMAIN
        test_suffix = f".test.{timezone.now().timestamp()}" if self.test else ""
        unsubscribe_url = self._unsubscribe_url.replace(self._token, unsubscribe_token)
        headers = {
            "List-Unsubscribe": (
                f"<{unsubscribe_url}>, <mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}"
                f"?subject={quote('abmelden ')}{quote(unsubscribe_token)}>"
            ),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"SiKo Ruhr Newsletter <newsletter.{domain}>",
            "Auto-Submitted": "auto-generated",
            # Stable per (issue, recipient): a resend after a crash can be recognised as the same message.
            "Message-ID": f"<newsletter.{self.content.ausgabe_id}.{user.pk}{test_suffix}@{domain}>",
        }
        message = EmailMultiAlternatives(
            subject=f"{'[Test] ' if self.test else ''}SiKo Ruhr Newsletter: {self.content.titel}",
            body=text,
            from_email=settings.NEWSLETTER_FROM_EMAIL,
            to=[email],
            headers=headers,
        )
        message.attach_alternative(html, "text/html")
        return message


def _fill(text: str, personal: dict[str, str]) -> str:
    for key, value in personal.items():
        text = text.replace(key, value)
    return text
