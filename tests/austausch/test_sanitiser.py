"""The Markdown sanitiser against an XSS corpus; titles and names are escaped in pages."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from austausch.markup import quote_markdown, render_markdown

CORPUS = [
    line
    for line in (Path(__file__).parent / "xss_corpus.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
]
ALLOWED = {"p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
           "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del"}  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _assert_safe(html: str) -> None:
    parser = _Collector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name != "style", html
            value = re.sub(r"\s", "", (value or "").lower())
            if name in ("href", "src"):
                assert not value.startswith(("javascript:", "vbscript:", "data:")), html
        if tag == "img" and "src" in attrs:
            assert attrs["src"].startswith("/") and not attrs["src"].startswith("//"), html


def test_corpus_is_not_empty():
    assert len(CORPUS) > 40


@pytest.mark.parametrize("payload", CORPUS)
def test_payload_is_neutralised(payload):
    _assert_safe(render_markdown(payload))


@pytest.mark.parametrize("payload", CORPUS)
def test_payload_inside_a_quote_is_neutralised(payload):
    _assert_safe(render_markdown(quote_markdown(author_name=payload, text=payload)))


def test_external_markdown_image_becomes_a_link():
    html = render_markdown("![Lageplan](https://evil.example/plan.png)")
    assert "<img" not in html
    assert 'href="https://evil.example/plan.png"' in html
    assert "externes Bild: Lageplan" in html


def test_internal_image_and_ordinary_markdown_survive():
    html = render_markdown("**fett** und [Glossar](/glossar/)\n\n![Plan](/medien/plan.png)\n\n> Zitat")
    assert "<strong>fett</strong>" in html
    assert 'href="/glossar/"' in html
    assert 'src="/medien/plan.png"' in html
    assert "<blockquote>" in html


# Sources a browser reads as another host: it drops tab, CR and LF anywhere in a URL, strips leading
# controls and spaces, and reads a backslash as a slash.
SMUGGLED_IMAGES = [
    '<img src="/&#9;/evil.example/x.png">',
    '<img src="/&#10;/evil.example/x.png">',
    '<img src="/&#13;/evil.example/x.png">',
    '<img src="/&#13;&#10;/evil.example/x.png">',
    '<img src="&#9;//evil.example/x.png">',
    '<img src=" //evil.example/x.png">',
    '<img src="/\\evil.example/x.png">',
    '<img src="\\/evil.example/x.png">',
    '<img src="/&#9;\\evil.example/x.png">',
    "![Plan](/&#9;/evil.example/x.png)",
    "![Plan](/\\evil.example/x.png)",
]


def _img_sources(html: str) -> list[str]:
    return re.findall(r"<img[^>]*\ssrc=\"([^\"]*)\"", html)


@pytest.mark.parametrize("payload", SMUGGLED_IMAGES)
def test_image_source_that_a_browser_reads_as_another_host_is_dropped(payload):
    html = render_markdown(payload)
    assert [src for src in _img_sources(html) if "evil" in src] == []
    assert "\t" not in html


@pytest.mark.parametrize(
    ("payload", "href"),
    [
        ('<a href="/&#9;/evil.example/">x</a>', "//evil.example/"),
        ('<a href="/\\evil.example/">x</a>', "//evil.example/"),
        ('<a href="/glos&#10;sar/">x</a>', "/glossar/"),
    ],
)
def test_link_is_written_as_the_browser_reads_it(payload, href):
    assert f'href="{href}"' in render_markdown(payload)


@pytest.mark.parametrize(
    "payload",
    [
        '<a href="java&#9;script:alert(1)">x</a>',
        '<a href="&#10;javascript:alert(1)">x</a>',
        "[x](java\tscript:alert(1))",
    ],
)
def test_script_link_hidden_by_tab_or_newline_is_dropped(payload):
    html = render_markdown(payload)
    # What a browser would read: tab, CR and LF removed (spaces keep "java script:" a harmless path).
    assert "javascript:" not in html.replace("\t", "").replace("\n", "").replace("\r", "")


def test_internal_image_with_a_tab_inside_the_path_stays_internal():
    assert _img_sources(render_markdown('<img src="/medien/&#9;plan.png">')) == ["/medien/plan.png"]


def test_links_get_safe_rel():
    assert 'rel="noopener noreferrer nofollow"' in render_markdown("[x](https://example.org)")


def test_titles_are_escaped_on_pages(board, login):
    from austausch.models import Thema
    from austausch.services import thema_create

    client = login(board["aussen"])
    for payload in CORPUS[:8]:
        Thema.objects.all().delete()
        thema = thema_create(
            bereich=board["allgemein"], by=board["gs"], titel=payload, art="frage", text=payload
        ).beitrag.thema
        for url in ("/austausch/bereich/allgemein/", f"/austausch/thema/{thema.pk}/", "/austausch/"):
            body = client.get(url).content.decode()
            assert "<script>alert(1)" not in body
            assert "onerror=alert(1)>" not in body
            assert "<svg onload" not in body
