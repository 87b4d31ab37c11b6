"""The portal's one German analyser (portal.textsearch): Snowball German stems folded to ASCII.

Each row of the table is a pair of word forms that must find each other: the query form's stem is the
start of a stem of the stored text (that is how every section matches, on SQLite and PostgreSQL).
"""

import pytest

from portal import textsearch

# (stored text, query) — the query must find the text
FINDS = [
    ("Glücksspiel", "Gluecksspiel"),  # umlaut spelt out
    ("Gluecksspiel", "Glücksspiel"),
    ("Glücksspiele", "Glücksspiel"),  # plural
    ("Glücksspiels", "Gluecksspiele"),  # genitive, plural query
    ("Glücksspielstaatsvertrag", "Glücksspiel"),  # first part of a compound
    ("Maßnahmen", "Massnahme"),  # ß spelt out, singular
    ("Massnahmen", "Maßnahme"),
    ("MASSNAHMEN", "maßnahmen"),  # case
    ("Kontrollen", "Kontrolle"),
    ("Untersagungen", "Untersagung"),
    ("Spielhallen", "spielhalle"),
    ("Wettbüros", "Wettbuero"),
    ("Lagebilder", "Lagebild"),
    ("Häuser", "Haus"),  # umlaut plural
    ("Vermögensabschöpfung", "Vermoegensabschoepfung"),
    ("Straßenfußball", "Strassenfussball"),
    ("Café", "Cafe"),  # other accents dropped
    ("Shisha-Bars", "Shisha"),
    ("Elternkurs", "Elternkurse"),  # Snowball keeps the -s of the plural stem, drops the singular's
    ("Elternkurse", "Elternkurs"),
    ("Ermittlungsverfahren", "Ermittlungsverfahrens"),
]

# (stored text, query) — the query must not find the text
MISSES = [
    ("Prozess", "Essen"),  # only prefixes of stems match, never the middle of a word
    ("Interesse", "Essen"),
    ("Tabak", "Kontrolle"),
    ("Spielhalle", "Spielhallenverordnung"),  # a longer query word is not found in a shorter text
]


@pytest.mark.parametrize(("text", "query"), FINDS)
def test_word_forms_find_each_other(text, query):
    terms = textsearch.query_terms(query)
    assert terms, query
    assert textsearch.contains_all(textsearch.index_tokens(text), terms)


@pytest.mark.parametrize(("text", "query"), MISSES)
def test_other_words_do_not_match(text, query):
    assert not textsearch.contains_all(textsearch.index_tokens(text), textsearch.query_terms(query))


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("Glücksspiele", "glucksspiel"),
        ("Gluecksspiel", "glucksspiel"),
        ("Maßnahmen", "massnahm"),
        ("Häuser", "haus"),
    ],
)
def test_stems_are_snowball_german_folded_to_ascii(word, stem):
    assert textsearch.normalise_word(word) == stem


def test_stored_tokens_are_folded_word_characters():
    tokens = textsearch.index_tokens("Überprüfung der Größe: Äußerung über Maß & Œuvre — 2026 ½")
    assert tokens == " uberpruf der gross ausser uber mass œuvr 2026 12 "


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "und der die",
        "a b c",
        "%",
        "_",
        "%_%",
        "'",
        '"',
        "😀",
        "🔍🔍",
        "<b>",
        "' OR 1=1 --",
        "\u200f",
    ],
)
def test_queries_without_meaningful_words_have_no_terms(query):
    assert textsearch.query_terms(query) == []


def test_query_terms_are_limited_and_deduplicated():
    assert textsearch.query_terms("Kontrolle Kontrollen KONTROLLE") == ["kontroll"]
    assert len(textsearch.query_terms(" ".join(f"wort{i}x" for i in range(50)))) == textsearch.MAX_QUERY_TERMS


def test_rtl_and_other_scripts_are_words():
    assert textsearch.contains_all(textsearch.index_tokens("تقرير الوضع"), textsearch.query_terms("تقرير"))


def test_fold_spells_umlauts_both_ways_alike():
    assert textsearch.fold("Schäfer") == textsearch.fold("Schaefer") == "schafer"
    assert textsearch.fold("Weiß") == textsearch.fold("Weiss") == "weiss"


def test_highlight_marks_word_forms_and_escapes():
    snippet = textsearch.highlight(
        "Die <b>Glücksspiele</b> & Wettbüros", textsearch.query_terms("Gluecksspiel")
    )
    assert snippet == "Die &lt;b&gt;<mark>Glücksspiele</mark>&lt;/b&gt; &amp; Wettbüros"


def test_plain_text_drops_quotes_tags_and_entities():
    html = (
        "<blockquote><p><strong>Tobias Schäfer schrieb:</strong></p><blockquote><p>alt</p></blockquote>"
        "<p>Zitat</p></blockquote><p>Meine <em>Antwort</em> &amp; mehr</p>"
    )
    assert textsearch.plain_text(html) == "Meine Antwort & mehr"


@pytest.mark.parametrize(
    "html",
    [
        "<p>a &lt; b &amp;&amp; c &gt; d</p>",
        "<p>1 < 2 und <em>3 >= 2</em></p>",
        '<p><a href="/x?a=1&amp;b=2">Link</a> &quot;zitiert&quot; &#x27;so&#x27;</p>',
        "<ul><li>eins</li><li>zwei</li></ul><p>drei<br>vier</p>",
        "<p>offen <strong>ohne Ende",
        "Text ohne Markup &nbsp; mit  Leerraum",
    ],
)
def test_plain_text_reads_like_djangos_strip_tags(html):
    from html import unescape

    from django.utils.html import strip_tags

    assert textsearch.plain_text(html) == " ".join(unescape(strip_tags(html)).split())
