"""The search's bounded work (issue #17 part 5): the overview builds five hits per section and counts up to
20 ("über 20"), a section alone shows 20; a frequent word walks the date index, a rare one reads the GIN
index's matches, and both give the same, visible reports. Runs on SQLite and on PostgreSQL."""

import re

import pytest
from django.core.cache import caches
from django.db import connection

from lagebilder.models import Lagebild, Sichtbarkeit
from lagebilder.search import _newest_matches
from lagebilder.search import search as search_lagebilder
from portal import textsearch
from portal.content_cache import LOCAL_CACHE
from portal.search import OVERVIEW_LIMIT, SECTION_LIMIT, SearchQuery

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(user_factory, lagebild_factory):
    autor = user_factory()
    reader = user_factory()  # another authority: sees only what is released for all partners
    shared = [
        lagebild_factory(autor, sichtbarkeit=Sichtbarkeit.ALLE_PARTNER, upload=False, titel=f"Razzia {n}")
        for n in range(SECTION_LIMIT + 2)
    ]
    own = lagebild_factory(autor, upload=False, titel="Razzia intern")  # own authority only
    return {"autor": autor, "reader": reader, "shared": shared, "own": own}


def test_overview_shows_five_per_section_counts_over_twenty_and_narrows_to_twenty(many, login):
    client = login(many["reader"])
    body = client.get("/suche/", {"q": "Razzia"}).content.decode()
    assert f"Lagebilder (über {SECTION_LIMIT})" in body
    group = body[body.find('id="group-lagebilder"') :].split("</section>")[0]
    assert group.count("<li>") == OVERVIEW_LIMIT
    assert f"Alle Treffer in „Lagebilder“ anzeigen (über {SECTION_LIMIT})" in group
    assert "Razzia intern" not in body
    narrowed = client.get("/suche/", {"q": "Razzia", "bereich": "lagebilder"}).content.decode()
    group = narrowed[narrowed.find('id="group-lagebilder"') :].split("</section>")[0]
    assert group.count("<li>") == SECTION_LIMIT
    assert "Alle Treffer in" not in group


def test_hits_are_the_newest_visible_ones_and_only_the_shown_are_built(many):
    query = SearchQuery(text="Razzia", limit=SECTION_LIMIT + 1, shown=3)
    hits = search_lagebilder(many["reader"], query)
    newest = sorted(many["shared"], key=lambda lb: (lb.erstellt_am, lb.pk), reverse=True)
    assert [h.title for h in hits] == [lb.titel for lb in newest[:3]]
    assert hits.found == SECTION_LIMIT + 1
    assert search_lagebilder(many["reader"], SearchQuery(text="Razzia", limit=50)).found == SECTION_LIMIT + 2
    author_titles = {h.title for h in search_lagebilder(many["autor"], SearchQuery(text="Razzia", limit=50))}
    assert "Razzia intern" in author_titles


def test_frequent_and_rare_plans_find_the_same_reports(many, monkeypatch):
    visible = Lagebild.objects.visible_to(many["reader"])
    terms = textsearch.query_terms("Razzia")
    answers = []
    for frequent in (True, False):
        monkeypatch.setattr(textsearch, "frequent", lambda queryset, terms, frequent=frequent: frequent)
        answers.append(_newest_matches(visible, terms, SearchQuery(text="Razzia", limit=10)))
    assert answers[0] == answers[1] and answers[0][1] == 10 and len(answers[0][0]) == 10


@pytest.mark.postgres
def test_postgres_frequent_words_walk_the_date_index_and_rare_words_use_gin(many):
    """With the planner's statistics a word in every report is frequent, one in no report is not; neither
    query needs a sequential scan of the reports: the frequent one is ordered and limited and tests rows
    as it reads them, the rare one reads the GIN index (asserted with sequential scans switched off: the
    tables here are tiny and a scan would be cheapest)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lagebilder_lagebild")
    caches[LOCAL_CACHE].clear()  # the statistics read before this ANALYZE
    visible = Lagebild.objects.visible_to(many["reader"])
    assert textsearch.frequent(visible, textsearch.query_terms("Razzia"))
    assert not textsearch.frequent(visible, textsearch.query_terms("Seltenheit"))
    frequent = textsearch.matching(visible, ["razzia"], walk=True).order_by("-erstellt_am", "-id")
    frequent = frequent.values("pk")[:21]
    rare = visible.matching(["seltenheit"]).order_by().values_list("erstellt_am", "pk")
    plans = {name: _plan(queryset) for name, queryset in (("frequent", frequent), ("rare", rare))}
    for plan in plans.values():
        assert not re.search(r"Seq Scan on lagebilder_lagebild\b", plan), plan
    # The rare query has neither ORDER BY nor LIMIT: the planner has no reason to walk the date index.
    assert plans["frequent"].startswith("Limit") and not re.search(
        r"Limit|Sort", plans["rare"].splitlines()[0]
    )
    # The frequent query tests each row it reads (ts_match_vq, which the GIN index cannot answer): with
    # the benchmark's data PostgreSQL walks the date index and stops after the page (docs/measurements).
    assert "ts_match_vq(vector" in plans["frequent"], plans["frequent"]
    assert "lagebilder_lagebild_vector_gin" not in plans["frequent"], plans["frequent"]
    assert "lagebilder_lagebild_vector_gin" in _plan(
        Lagebild.objects.matching(["seltenheit"]).order_by().values("pk")
    )


def _plan(queryset) -> str:
    sql, params = queryset.query.get_compiler(using="default").as_sql()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())
