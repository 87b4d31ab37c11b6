"""Link glossary terms in the body HTML of content pages.

`link_terms(html, terms)` is a pure function: the first occurrence of each term (or its abbreviation or
a synonym) on a page becomes a link to the term's glossary entry. Whole words only (umlauts count as
letters), never inside headings, existing links, code or scripts. The term list is cached and rebuilt
when a term or the glossary page changes.
"""

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString
from django.core.cache import cache

SKIP_TAGS = frozenset(
    {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "button", "mark"}
)
CACHE_KEY = "glossary:autolink-terms:v1"
CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class TermLink:
    key: str  # one link per key and page
    patterns: tuple[str, ...]
    url: str
    title: str


def _inside_skipped(node) -> bool:
    return any(parent.name in SKIP_TAGS for parent in node.parents if parent.name)


def link_terms(html: str, terms: list[TermLink], linked: set[str] | None = None) -> str:
    """Return `html` with the first occurrence of each term linked. `linked` carries keys across calls."""
    if not html or not terms:
        return html
    linked = set() if linked is None else linked
    by_pattern: dict[str, TermLink] = {}
    for term in terms:
        for pattern in term.patterns:
            by_pattern.setdefault(pattern.casefold(), term)
    if not by_pattern:
        return html
    alternation = "|".join(re.escape(p) for p in sorted(by_pattern, key=len, reverse=True))
    regex = re.compile(rf"(?<!\w)({alternation})(?!\w)", re.IGNORECASE | re.UNICODE)
    soup = BeautifulSoup(html, "html.parser")
    for text_node in list(soup.find_all(string=True)):
        if not isinstance(text_node, NavigableString) or type(text_node) is not NavigableString:
            continue  # comments, CDATA, doctype
        if _inside_skipped(text_node):
            continue
        text = str(text_node)
        pieces, pos = [], 0
        for match in regex.finditer(text):
            term = by_pattern[match.group(1).casefold()]
            if term.key in linked:
                continue
            linked.add(term.key)
            pieces.append(text[pos : match.start()])
            link = soup.new_tag("a", href=term.url, title=term.title)
            link["class"] = "glossar-link"
            link.string = match.group(1)
            pieces.append(link)
            pos = match.end()
        if not pieces:
            continue
        pieces.append(text[pos:])
        for piece in pieces:
            text_node.insert_before(piece if not isinstance(piece, str) else NavigableString(piece))
        text_node.extract()
    return str(soup)


def cached_terms() -> list[TermLink]:
    """Return the term list for auto-linking (cached; one or two queries when rebuilt)."""
    terms = cache.get(CACHE_KEY)
    if terms is None:
        from .models import GlossarBegriff, GlossaryPage

        glossary = GlossaryPage.objects.live().first()
        terms = []
        if glossary is not None:
            base = glossary.url
            for term in GlossarBegriff.objects.all().only("begriff", "slug", "abkuerzung", "synonyme"):
                # Short abbreviations (e.g. "AK") produce false hits in running text; need 3+ letters.
                patterns = tuple(p for p in term.patterns if len(p) >= 3)
                if patterns:
                    terms.append(
                        TermLink(
                            key=term.slug, patterns=patterns, url=f"{base}{term.slug}/", title=term.begriff
                        )
                    )
        cache.set(CACHE_KEY, terms, CACHE_SECONDS)
    return terms


def clear_cache(**kwargs) -> None:
    cache.delete(CACHE_KEY)
