import pytest
from wagtail.models import Page

from tests.bulk_pages import child_path

pytestmark = pytest.mark.django_db


def test_page_types_allow_only_sensible_parents_and_children():
    from fachgebiete.models import FachgebietIndexPage, FachgebietPage
    from glossary.models import GlossaryPage
    from startseite.models import HomePage, NewsIndexPage, NewsPage

    assert set(HomePage.allowed_subpage_models()) >= {FachgebietIndexPage, GlossaryPage, NewsIndexPage}
    assert FachgebietPage not in HomePage.allowed_subpage_models()
    assert NewsPage not in HomePage.allowed_subpage_models()
    assert FachgebietIndexPage.allowed_subpage_models() == [FachgebietPage]
    assert FachgebietPage.allowed_parent_page_models() == [FachgebietIndexPage]
    assert FachgebietPage.allowed_subpage_models() == []
    assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]
    assert GlossaryPage.allowed_subpage_models() == []
    assert HomePage.allowed_parent_page_models() == [Page]


@pytest.mark.parametrize("key", ["home", "index", "page", "glossary", "news_index", "news"])
def test_each_page_type_renders_for_a_member(content_tree, mitglied, login, key):
    response = login(mitglied).get(content_tree[key].url)
    assert response.status_code == 200
    assert content_tree[key].title.encode() in response.content or key == "home"


def test_fachgebiet_page_shows_legal_bases_review_and_related_terms(content_tree, mitglied, login):
    body = login(mitglied).get(content_tree["page"].url).content.decode()
    assert "GlüStV 2021" in body
    assert "Zuletzt geprüft" in body
    assert 'href="/glossar/verbundkontrolle/"' in body


def test_glossary_letter_filter_and_term_page(content_tree, mitglied, login):
    client = login(mitglied)
    body = client.get("/glossar/?buchstabe=K").content.decode()
    assert "Kreispolizeibehörde" in body and "Gemeinsame Kontrolle" not in body
    body = client.get("/glossar/?fachgebiet=glucksspiel").content.decode()
    assert "Verbundkontrolle" in body and "Kreispolizeibehörde" not in body
    assert client.get("/glossar/verbundkontrolle/").status_code == 200
    assert client.get("/glossar/gibt-es-nicht/").status_code == 404
    assert client.get("/glossar/?buchstabe=<script>").status_code == 200


@pytest.mark.parametrize("key", ["home", "page", "glossary", "news"])
def test_pages_denied_to_anonymous_and_without_second_factor(content_tree, mitglied, login, client, key):
    url = content_tree[key].url
    response = client.get(url)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    response = login(mitglied, mfa=False).get(url)
    assert response.status_code == 302
    assert b"Illegales" not in response.content


def _add_pages(parent, count):
    """Bulk-insert `count` live pages under `parent` (treebeard paths computed, no signals: fast)."""
    pages = [
        Page(
            title=f"Seite {n}",
            draft_title=f"Seite {n}",
            slug=f"seite-{n}",
            live=True,
            path=child_path(parent.path, parent.numchild + n + 1),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}seite-{n}/",
            content_type_id=parent.content_type_id,
            locale_id=parent.locale_id,
        )
        for n in range(count)
    ]
    Page.objects.bulk_create(pages, batch_size=500)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)


# Queries per content page: with the shared content cache warm (what nearly every request sees) and right
# after content changed (cold: the shared parts are rebuilt once). Both are constant in the size of the tree.
# Wagtail's own page view is part of it: the Site, the start page and the page found (HomePage.route), and
# Wagtail's privacy check once any page has a privacy setting (the start page, with its personal news and
# dates, needs the most).
WARM_BUDGET = 14
# Cold includes, per new session, the terms gate's first check (current versions and the person's
# confirmations, then cached), the header's unread-notification count and, for editors, the CMS-rights
# check of the navigation; none grows with the data.
COLD_BUDGET = 21


@pytest.mark.parametrize("extra", [10, 1000])
def test_content_pages_render_with_constant_queries(
    content_tree, mitglied, login, django_assert_max_num_queries, extra
):
    from portal import content_cache

    _add_pages(content_tree["index"], extra)
    client = login(mitglied)
    urls = [content_tree[key].url for key in ("home", "index", "page", "glossary", "news_index", "news")]
    urls.append("/glossar/verbundkontrolle/")
    for url in urls:
        content_cache.new_generation()
        with django_assert_max_num_queries(COLD_BUDGET):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(WARM_BUDGET):
            assert client.get(url).status_code == 200
