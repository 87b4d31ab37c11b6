"""Markdown to safe HTML: Markdown renders, nh3 (ammonia) keeps only an allowlist.

No script, style, event handler or javascript:/data: URL survives. Images are loaded only from the
portal itself (paths starting with "/"); an external image becomes a plain link."""

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


def _is_internal(src: str) -> bool:
    src = (src or "").strip()
    return src.startswith("/") and not src.startswith("//") and "\\" not in src


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
    # Raw <img> tags bypass the tree processor: drop any source outside the portal.
    if tag == "img" and attribute == "src" and not _is_internal(value):
        return None
    return value


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
