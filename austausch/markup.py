"""Markdown to safe HTML: Markdown renders, nh3 (ammonia) keeps only an allowlist.

No script, style, event handler or javascript:/data: URL survives. Images are loaded only from the
portal itself (paths starting with "/"); an external image becomes a plain link."""

from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "img", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}


# What a browser's URL parser (WHATWG) drops before it reads a URL: leading and trailing C0 controls
# and spaces, and every tab, line feed and carriage return anywhere inside.
_URL_STRIP = "".join(chr(c) for c in range(0x21))
_URL_REMOVE = str.maketrans("", "", "\t\n\r")


def normalise_url(value: str) -> str:
    """Return the URL as a browser reads it (so `/<TAB>/evil.example` becomes `//evil.example`)."""
    # Browsers treat a backslash like a slash in http(s) and relative URLs.
    return (value or "").strip(_URL_STRIP).translate(_URL_REMOVE).replace("\\", "/")


def _is_internal(src: str) -> bool:
    """True if the browser would load `src` from the portal itself (a path on the same host)."""
    try:
        parts = urlsplit(normalise_url(src))
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc and parts.path.startswith("/")


class _ExternalImagesToLinks(Treeprocessor):
    def run(self, root):
        for element in root.iter("img"):
            src = element.get("src", "")
            if _is_internal(src):
                continue
            alt = element.get("alt") or "Bild"
            element.tag = "a"
            element.attrib.clear()
            element.set("href", src)
            element.text = f"[externes Bild: {alt}]"


class _PortalImages(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_ExternalImagesToLinks(md), "siko_external_images", 0)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if (tag, attribute) not in (("img", "src"), ("a", "href")):
        return value
    # Write out the URL as it was judged, so that no browser reads a different one.
    url = normalise_url(value)
    if tag == "img":
        # Raw <img> tags bypass the tree processor: drop any source outside the portal.
        return url if _is_internal(url) else None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if not scheme or scheme in URL_SCHEMES else None


def render_markdown(text: str) -> str:
    """Return sanitised HTML for a post's Markdown source."""
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables", "fenced_code", _PortalImages()])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_attribute_filter,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def quote_markdown(*, author_name: str, text: str) -> str:
    """Return the Markdown quote of a post with attribution."""
    lines = [f"> **{author_name} schrieb:**", ">"]
    lines += [f"> {line}" if line else ">" for line in (text or "").splitlines()]
    return "\n".join(lines) + "\n\n"
