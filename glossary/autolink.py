"""Link glossary terms in the body HTML of content pages.

`link_terms(html, terms)` is a pure function: the first occurrence of each term (or its abbreviation or
a synonym) on a page becomes a link to the term's glossary entry. Whole words only (umlauts count as
letters), never inside headings, existing links, code or scripts. The term list (`TermLink`s) is the same
for everybody: `glossary.models.cached_terms`, kept under the content generation.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString

SKIP_TAGS = frozenset(
    {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "button", "mark"}
)
# Short abbreviations (e.g. "AK") produce false hits in running text; a pattern needs 3+ letters.
MIN_PATTERN_LENGTH = 3


@dataclass(frozen=True)
class TermLink:
    key: str  # one link per key and page
    patterns: tuple[str, ...]  # may be empty: then the term is listed but never linked
    url: str
    title: str
    label: str = ""  # "Begriff (Abkürzung)"
    fachgebiet_ids: tuple[int, ...] = ()
    letter: str = ""  # index letter (A–Z, "#")


def _inside_skipped(node) -> bool:
    return any(parent.name in SKIP_TAGS for parent in node.parents if parent.name)


@lru_cache(maxsize=8)
def _matcher(terms: tuple[TermLink, ...]):
    by_pattern: dict[str, TermLink] = {}
    for term in terms:
        for pattern in term.patterns:
            by_pattern.setdefault(pattern.casefold(), term)
    if not by_pattern:
        return None, by_pattern
    alternation = "|".join(re.escape(p) for p in sorted(by_pattern, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternation})(?!\w)", re.IGNORECASE | re.UNICODE), by_pattern


def link_terms(html: str, terms: list[TermLink], linked: set[str] | None = None) -> str:
    """Return `html` with the first occurrence of each term linked. `linked` carries keys across calls."""
    if not html or not terms:
        return html
    linked = set() if linked is None else linked
    regex, by_pattern = _matcher(tuple(terms))
    if regex is None:
        return html
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
