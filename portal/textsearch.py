"""German text normalisation shared by the page index, the glossary search and the snippets.

The same function runs on stored text and on the query, so matching is symmetric on every database:
lower case, ß → ss, umlauts and their ASCII spellings (ä/ae, ö/oe, ü/ue) folded to the base vowel,
then a light suffix stemmer (after CISTEM, Weissweiler & Fraser 2017) removes inflection endings.
"Glücksspiele", "Gluecksspiel" and "Glücksspiels" all become ``glucksspiel``; "Massnahmen" and
"Maßnahmen" both become ``massnahm``.
"""

import re
from html import escape

WORD_RE = re.compile(r"\w+", re.UNICODE)
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

_FOLD = [("ß", "ss"), ("ä", "a"), ("ö", "o"), ("ü", "u"), ("ae", "a"), ("oe", "o"), ("ue", "u")]


def fold(word: str) -> str:
    """Lower-case and fold ß and umlauts (written either way) to plain ASCII vowels."""
    word = word.lower()
    for source, target in _FOLD:
        word = word.replace(source, target)
    return word


def stem(word: str) -> str:
    """Return the stem of one folded German word (light, CISTEM-like suffix stripping)."""
    while len(word) > 3:
        if len(word) > 5 and word[-2:] in ("em", "er", "nd"):
            word = word[:-2]
        elif word[-1] in ("e", "s", "n"):
            word = word[:-1]
        else:
            break
    return word


def normalise_word(word: str) -> str:
    return stem(fold(word))


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


def query_terms(text: str) -> list[str]:
    """Return the stems of the meaningful words of a query (stop words and single letters dropped)."""
    return [normalise_word(word) for word in query_words(text)]


def tsquery(terms: list[str]) -> str:
    """A PostgreSQL tsquery (prefix match per term, all terms required). Terms are \\w-only."""
    return " & ".join(f"{re.sub(r'[^0-9a-z_]', '', t)}:*" for t in terms if re.sub(r"[^0-9a-z_]", "", t))


def matches(word: str, terms: list[str]) -> bool:
    stemmed = normalise_word(word)
    return any(stemmed.startswith(t) for t in terms)


def highlight(text: str, terms: list[str], width: int = 220) -> str:
    """Return an escaped excerpt of `text` around the first match with matches wrapped in <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    words = list(WORD_RE.finditer(text))
    first = next((m for m in words if matches(m.group(), terms)), None)
    start = 0
    if first is not None and first.start() > width // 3:
        start = text.rfind(" ", 0, first.start() - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + width // 2)
    excerpt = text[start:end]
    parts, pos = [], 0
    for m in WORD_RE.finditer(excerpt):
        if matches(m.group(), terms):
            parts.append(escape(excerpt[pos : m.start()]))
            parts.append(f"<mark>{escape(m.group())}</mark>")
            pos = m.end()
    parts.append(escape(excerpt[pos:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(parts) + suffix


def matching(queryset, terms: list[str]):
    """Narrow `queryset` to rows whose `tokens` (written with `index_tokens`) contain every term as a
    prefix: through the GIN-indexed `vector` (to_tsvector('simple', tokens)) on PostgreSQL, through
    LIKE on the tokens elsewhere. The model needs both fields."""
    from django.contrib.postgres.search import SearchQuery
    from django.db import connections
    from django.db.models import Q

    if connections[queryset.db].vendor == "postgresql":
        raw = tsquery(terms)
        return (
            queryset.filter(vector=SearchQuery(raw, search_type="raw", config="simple"))
            if raw
            else queryset.none()
        )
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

    if connections[queryset.db].vendor == "postgresql":
        queryset.update(vector=SearchVector("tokens", config="simple"))


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
