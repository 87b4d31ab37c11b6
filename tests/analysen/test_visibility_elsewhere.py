"""Need-to-know: nothing of a case appears outside its own pages — no search provider, news source
(start page, feeds, newsletter) is fed from the app — and the overview's
query count does not grow with the number of cases."""

import datetime

import pytest
from django.utils import timezone

from analysen import services


def test_the_app_feeds_no_search_or_news_registry():
    from portal import news, search

    assert not [p for p in search.providers() if p.search.__module__.startswith("analysen")]
    assert not [s for s in news.sources() if s.items.__module__.startswith("analysen")]


def test_newsletter_and_start_page_show_no_case(fall, login):
    for who in ("lead", "requester", "b1"):
        body = login(fall[who]).get("/").content.decode()
        assert fall["vorgang"].aktenzeichen not in body and "Betreibernetzwerk" not in body


@pytest.mark.parametrize("n", [2, 40])
def test_overview_query_count_is_constant(fall, login, django_assert_max_num_queries, n):
    for i in range(n):
        services.vorgang_open(
            by=fall["lead"], betreff=f"Fall {i}", zweck="z", rechtsgrundlage="r", klassifikation="offen",
            loeschfrist=timezone.localdate() + datetime.timedelta(days=30), fallfuehrung=fall["lead"],
            behoerden=[fall["b"]],
        )  # fmt: skip
    client = login(fall["lead"])
    client.get("/analysen/")
    with django_assert_max_num_queries(12):
        body = client.get("/analysen/").content.decode()
    assert body.count('<a href="/analysen/') >= min(n, 40)
    with django_assert_max_num_queries(12):
        assert client.get("/analysen/export.csv").status_code == 200
