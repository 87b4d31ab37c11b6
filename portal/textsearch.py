"""The portal's one German analyser: the same function runs on stored text and on the query.

Words are lower-cased, stemmed with the Snowball German stemmer (the maintained `snowballstemmer`
package, the same algorithm as PostgreSQL's `german` configuration, current version) and folded to
ASCII: ß → ss, umlauts written either way (ä or ae) → the base vowel, other accents dropped. So
"Glücksspiele", "Gluecksspiel" and "Glücksspiels" all become ``glucksspiel``; "Massnahmen" and
"Maßnahmen" both become ``massnahm``. Stored text keeps these stems (`index_tokens`); PostgreSQL
indexes them in a GIN-indexed tsvector with the `simple` configuration (no second stemmer), SQLite
matches them with LIKE — both databases therefore find the same rows for the same query. Query words
match as prefixes of stored stems, which also finds the first part of compounds ("Glücksspiel"
finds "Glücksspielstaatsvertrag").
"""

import re
import unicodedata
from functools import lru_cache
from html import escape, unescape

import nh3
import snowballstemmer

WORD_RE = re.compile(r"\w+", re.UNICODE)
# An innermost quote block (no other quote inside); removed repeatedly, so nested quotes go too.
NON_WORD_RE = re.compile(r"\W")
QUOTE_RE = re.compile(r"<blockquote\b(?:(?!<blockquote\b).)*?</blockquote>", re.IGNORECASE | re.DOTALL)
MAX_QUERY_TERMS = 8
MIN_TERM_LENGTH = 2

# Common German function words: a query of only these finds nothing (and says so) instead of everything.
STOP_WORDS = frozenset(
    [
        "aber",
        "alle",
        "allem",
        "allen",
        "aller",
        "alles",
        "als",
        "also",
        "am",
        "an",
        "ander",
        "andere",
        "anderem",
        "anderen",
        "anderer",
        "anderes",
        "auch",
        "auf",
        "aus",
        "bei",
        "bin",
        "bis",
        "bist",
        "da",
        "damit",
        "dann",
        "das",
        "dass",
        "dem",
        "den",
        "der",
        "des",
        "dessen",
        "die",
        "dies",
        "diese",
        "diesem",
        "diesen",
        "dieser",
        "dieses",
        "doch",
        "dort",
        "du",
        "durch",
        "ein",
        "eine",
        "einem",
        "einen",
        "einer",
        "eines",
        "er",
        "es",
        "etwas",
        "euch",
        "für",
        "gegen",
        "hat",
        "hatte",
        "hier",
        "ich",
        "ihr",
        "im",
        "in",
        "ist",
        "ja",
        "jede",
        "jedem",
        "jeden",
        "jeder",
        "jedes",
        "jetzt",
        "kann",
        "kein",
        "keine",
        "mit",
        "muss",
        "nach",
        "nicht",
        "noch",
        "nun",
        "nur",
        "ob",
        "oder",
        "ohne",
        "sehr",
        "sein",
        "seine",
        "sich",
        "sie",
        "sind",
        "so",
        "soll",
        "sonst",
        "über",
        "um",
        "und",
        "uns",
        "unter",
        "vom",
        "von",
        "vor",
        "war",
        "waren",
        "was",
        "weil",
        "welche",
        "wenn",
        "wer",
        "werden",
        "wie",
        "wir",
        "wird",
        "wo",
        "zu",
        "zum",
        "zur",
        "zwischen",
        "the",
        "and",
        "or",
        "of",
    ]
)

_STEMMER = snowballstemmer.stemmer("german")


def fold(word: str) -> str:
    """Lower-case and fold ß, umlauts (written either way) and other accents to plain ASCII letters."""
    word = word.lower().replace("ß", "ss").replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def normalise_word(word: str) -> str:
    """Return the searchable form of one word: Snowball German stem, folded to ASCII."""
    lowered = word.lower().replace("ß", "ss")
    stemmed = _STEMMER.stemWord(lowered)
    decomposed = unicodedata.normalize("NFKD", stemmed)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and NON_WORD_RE.fullmatch(c) is None)


def index_tokens(text: str) -> str:
    """Return the stored form of a text: its stemmed words, space separated, with a leading space."""
    return " " + " ".join(normalise_word(w) for w in WORD_RE.findall(text or "")) + " "


def query_words(text: str) -> list[str]:
    """Return the meaningful words of a query as typed: no stop words, single letters or repeated stems."""
    words: list[str] = []
    stems: set[str] = set()
    for word in WORD_RE.findall(text or ""):
        if word.lower() in STOP_WORDS or len(word) < MIN_TERM_LENGTH:
            continue
        term = normalise_word(word)
        if term and term not in stems:
            stems.add(term)
            words.append(word)
        if len(words) >= MAX_QUERY_TERMS:
            break
    return words


def query_term(word: str) -> str:
    """The stem a query word is matched with: stemmed twice. Snowball drops a final -s after some
    consonants, so "Kurs" is stored as ``kur`` while the query "Kurse" stems to ``kurs``; stemming the
    stem again gives ``kur``, a prefix of both. A second pass only ever shortens the stem, so the query
    still finds everything the single stem finds."""
    return normalise_word(normalise_word(word))


def query_terms(text: str) -> list[str]:
    """Return the stems of the meaningful words of a query (stop words and single letters dropped)."""
    terms: list[str] = []
    for word in query_words(text):
        term = query_term(word)
        if term and term not in terms:
            terms.append(term)
    return terms


def tsquery(terms: list[str]) -> str:
    """A PostgreSQL tsquery (prefix match per term, all terms required). Terms hold word characters
    only (`normalise_word`), so they need no quoting; anything else is dropped all the same."""
    cleaned = (NON_WORD_RE.sub("", term) for term in terms)
    return " & ".join(f"{term}:*" for term in cleaned if term)


def contains_all(tokens: str, terms: list[str]) -> bool:
    """True when stored `tokens` (from `index_tokens`) hold every term as the start of a stem."""
    return bool(terms) and all(f" {term}" in tokens for term in terms)


def plain_text(html: str) -> str:
    """Readable text of rendered HTML for snippets: quoted replies left out, tags removed, entities
    decoded (the highlighter escapes it again), whitespace collapsed."""
    without_quotes, count = html or "", 1
    while count:
        without_quotes, count = QUOTE_RE.subn(" ", without_quotes)
    # nh3 (the board's sanitiser, an HTML5 parser in Rust) with no tag allowed keeps only the text, escaped;
    # Django's strip_tags gives the same text through Python's HTMLParser at about twice the cost.
    return " ".join(unescape(nh3.clean(without_quotes, tags=set())).split())


def highlight(text: str, terms: list[str], width: int = 220) -> str:
    """Return an escaped excerpt of `text` around the first match with matches wrapped in <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    prefixes = tuple(terms)  # str.startswith takes the tuple: one test per word for all terms
    first = next((m for m in WORD_RE.finditer(text) if normalise_word(m.group()).startswith(prefixes)), None)
    start = 0
    if first is not None and first.start() > width // 3:
        start = text.rfind(" ", 0, first.start() - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + width // 2)
    excerpt = text[start:end]
    parts, pos = [], 0
    for m in WORD_RE.finditer(excerpt):
        if normalise_word(m.group()).startswith(prefixes):
            parts.append(escape(excerpt[pos : m.start()]))
            parts.append(f"<mark>{escape(m.group())}</mark>")
            pos = m.end()
    parts.append(escape(excerpt[pos:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(parts) + suffix


def matching(queryset, terms: list[str], *, walk: bool = False):
    """Narrow `queryset` to rows whose `tokens` (written with `index_tokens`) contain every term as a
    prefix: through the GIN-indexed `vector` (to_tsvector('simple', tokens)) on PostgreSQL, through
    LIKE on the tokens elsewhere. The model needs both fields.

    `walk=True` (for a frequent query, see `frequent`, ordered by an indexed date and limited): the same
    test written as the function `ts_match_vq(vector, query)` instead of the operator `@@`, which the GIN
    index cannot answer — so PostgreSQL walks the date index and stops when the page is full instead of
    reading every match from the GIN index (its estimate for prefix queries is far too low for a word in
    most rows, and it would choose the GIN index)."""
    from django.contrib.postgres.search import SearchQuery
    from django.db import connections
    from django.db.models import BooleanField, F, Func, Q

    if connections[queryset.db].vendor == "postgresql":
        raw = tsquery(terms)
        if not raw:
            return queryset.none()
        query = SearchQuery(raw, search_type="raw", config="simple")
        if walk:
            return queryset.filter(
                Func(F("vector"), query, function="ts_match_vq", output_field=BooleanField())
            )
        return queryset.filter(vector=query)
    if not terms:
        return queryset.none()
    condition = Q()
    for term in terms:
        condition &= Q(tokens__contains=f" {term}")
    return queryset.filter(condition)


def update_vectors(queryset) -> None:
    """PostgreSQL: write the GIN-indexed `vector` of these rows from their tokens (SQLite reads tokens)."""
    from django.contrib.postgres.search import SearchVector
    from django.db import connections

    from . import search_cache

    if connections[queryset.db].vendor == "postgresql":
        queryset.update(vector=SearchVector("tokens", config="simple"))
        search_cache.changed()  # no signal: the vector is what the search reads


def fill_search_index(schema_editor, model, rows, *, table: str, index: str) -> None:
    """For data migrations: write `tokens` for (pk, text) `rows` of `model` (a historical model), and
    on PostgreSQL the vector from them and its GIN index `index` on `table`."""
    batch = []
    for pk, text in rows:
        batch.append(model(pk=pk, tokens=index_tokens(text)))
        if len(batch) >= 2000:
            model.objects.bulk_update(batch, ["tokens"])
            batch = []
    model.objects.bulk_update(batch, ["tokens"])
    if schema_editor.connection.vendor == "postgresql":
        # The updates above leave deferred foreign-key checks queued; CREATE INDEX needs them done.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(
            f"UPDATE {table} SET vector = to_tsvector('simple'::regconfig, tokens) WHERE tokens <> ''"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (vector)")
        # Statistics of the new column, so that the planner estimates how many rows a word matches.
        schema_editor.execute(f"ANALYZE {table}")


# A term in at least this share of a table's rows is "frequent": the newest matches are found by walking
# the date index until the page is full (a few rows per hit). Rarer terms are answered from the GIN index
# (every match, then sorted): walking would read most of the table before it found enough of them.
FREQUENT_SHARE = 0.02
# Query terms this short start so many stems that the statistics below cannot judge them: walk.
SHORT_TERM = 3
FREQUENCY_SECONDS = 600  # how long a process keeps a table's element statistics (process-local cache)


def _element_frequencies(queryset) -> dict[str, float]:
    """PostgreSQL's statistics of the table's `vector` column (`pg_stats.most_common_elems`: the most
    common stems and the share of rows holding each, written by ANALYZE / autovacuum), kept for ten
    minutes in this process's cache (`LOCAL_CACHE`). A stem that is not among them is in fewer rows than
    the least common one."""
    from django.core.cache import caches
    from django.db import connections

    from .content_cache import LOCAL_CACHE

    table = queryset.model._meta.db_table

    def read() -> dict[str, float]:
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'vector'",
                [table],
            )
            row = cursor.fetchone()
        if not row or not row[0]:
            return {}
        return dict(zip(row[0], row[1], strict=False))  # the freqs array has 3 summary values more

    return caches[LOCAL_CACHE].get_or_set(
        f"textsearch:elementhaeufigkeit:{queryset.db}:{table}", read, FREQUENCY_SECONDS
    )


def frequent(queryset, terms: list[str]) -> bool:
    """True when every term of the query is in at least `FREQUENT_SHARE` of the rows of the queryset's
    table (PostgreSQL only: the planner's own element statistics, summed over the stems a term starts;
    a row must hold all terms, so the rarest term decides). Callers walk the date index for frequent
    queries and read the GIN index's matches for the others (see lagebilder.search, austausch.search)."""
    from django.db import connections

    if connections[queryset.db].vendor != "postgresql" or not terms:
        return False
    frequencies = _element_frequencies(queryset)
    return all(
        len(term) <= SHORT_TERM
        or sum(share for stem, share in frequencies.items() if stem.startswith(term)) >= FREQUENT_SHARE
        for term in terms
    )
