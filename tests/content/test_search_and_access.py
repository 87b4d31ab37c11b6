import pytest

pytestmark = pytest.mark.django_db


def _titles(client, q, **params):
    response = client.get("/suche/", {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("query", ["Glücksspiele", "glücksspiel", "Gluecksspiel", "Massnahmen", "Maßnahme"])
def test_search_finds_german_word_forms(content_tree, mitglied, login, query):
    body = _titles(login(mitglied), query)
    assert "Illegales Glücksspiel" in body or "Neue Maßnahmen" in body
    assert "<mark>" in body


def test_search_filters_by_fachgebiet(content_tree, mitglied, login):
    client = login(mitglied)
    assert "Shisha-Bars" in _titles(client, "Shisha")
    assert "Shisha-Bars" not in _titles(client, "Shisha", fachgebiet="glucksspiel")


def test_search_never_returns_unpublished_or_private_pages(content_tree, mitglied, login, user_factory):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    client = login(mitglied)
    content_tree["shisha_page"].unpublish()
    assert "Shisha-Bars" not in _titles(client, "Shisha")
    secret_group = Group.objects.create(name="Sondergruppe")
    restriction = PageViewRestriction.objects.create(
        page=content_tree["page"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([secret_group])
    assert "Illegales Glücksspiel" not in _titles(client, "Glücksspiel")
    mitglied.groups.add(secret_group)
    assert "Illegales Glücksspiel" in _titles(client, "Glücksspiel")


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "'; DROP TABLE portal_pagesearchentry; --",
        "<script>alert(1)</script>",
        "und der die",
        "&:*|!",
    ],
)
def test_bad_search_input_gives_a_normal_page(content_tree, mitglied, login, query):
    body = _titles(login(mitglied), query)
    assert "<script>alert(1)</script>" not in body


def test_glossary_terms_are_searchable(content_tree, mitglied, login):
    body = _titles(login(mitglied), "KPB")
    assert "Kreispolizeibehörde" in body


def test_autolinking_skips_headings_and_existing_links():
    from glossary.autolink import TermLink, link_terms

    terms = [
        TermLink(key="vk", patterns=("Verbundkontrolle",), url="/glossar/vk/", title="Verbundkontrolle"),
        TermLink(key="kpb", patterns=("Kreispolizeibehörde", "KPB"), url="/glossar/kpb/", title="KPB"),
        TermLink(key="gs", patterns=("Glücksspiel",), url="/glossar/gs/", title="Glücksspiel"),
    ]
    html = (
        "<h2>Verbundkontrolle</h2><p><a href='/x'>Verbundkontrolle</a> und KPB.</p>"
        "<p>Die Verbundkontrolle der KPB; Glücksspielrecht und Glücksspiel.</p><code>KPB</code>"
    )
    result = link_terms(html, terms)
    assert "<h2>Verbundkontrolle</h2>" in result
    assert '<a href="/x">Verbundkontrolle</a>' in result
    assert result.count('href="/glossar/vk/"') == 1
    assert 'Die <a class="glossar-link" href="/glossar/vk/"' in result
    assert result.count('href="/glossar/kpb/"') == 1
    assert "Glücksspielrecht und <a" in result  # whole words only
    assert "<code>KPB</code>" in result


def test_content_page_body_links_glossary_terms(content_tree, mitglied, login):
    body = login(mitglied).get(content_tree["page"].url).content.decode()
    assert "<h3>Verbundkontrolle</h3>" in body
    assert 'Eine <a class="glossar-link" href="/glossar/verbundkontrolle/"' in body


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/account/"])
def test_member_cannot_reach_admin(mitglied, login, path):
    response = login(mitglied).get(path)
    # No redirect to the login (which sent a signed-in person back: a loop): the portal's German 404.
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_redaktion_edits_but_cannot_publish_without_approval(content_tree, user_factory, login):
    from wagtail.models import WorkflowState

    from redaktion.services import editorial_setup

    editorial_setup(home=content_tree["home"])
    editor = user_factory("redaktion")
    page = content_tree["page"]
    perms = page.permissions_for_user(editor)
    assert perms.can_edit() and not perms.can_publish()
    client = login(editor)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    # Submitting for moderation starts the workflow; the page stays unchanged until approval.
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name.startswith("Redaktion")
    page.title = "Geänderter Titel"
    page.save_revision(user=editor)
    state = workflow.start(page, editor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert page.title == "Illegales Glücksspiel"
    task = state.current_task_state.task.specific
    # The submitter may not approve; a second person of the Geschäftsstelle may.
    approver = user_factory("geschaeftsstelle")
    assert task.get_actions(page, editor) == []
    assert [a[0] for a in task.get_actions(page, approver)][:2] == ["reject", "approve"]
    task.on_action(state.current_task_state, approver, "approve")
    page.refresh_from_db()
    assert page.title == "Geänderter Titel" and page.live


def test_review_report_lists_overdue_pages(content_tree, user_factory, login):
    from redaktion.services import editorial_setup

    editorial_setup(home=content_tree["home"])
    body = login(user_factory("redaktion")).get("/admin/berichte/pruefung-faellig/").content.decode()
    assert "Illegales Glücksspiel" in body


def test_strict_csp_on_portal_pages_relaxed_only_for_admin(content_tree, user_factory, login):
    client = login(user_factory("redaktion"))
    portal_csp = client.get(content_tree["page"].url)["Content-Security-Policy"]
    assert "unsafe-inline" not in portal_csp
    assert "script-src 'self'" in portal_csp
    admin_csp = client.get("/admin/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in admin_csp and "nonce-" not in admin_csp


def test_one_page_index_and_the_admin_search_still_finds_pages(content_tree, user_factory, login):
    """Publishing writes the portal's page index only (Wagtail's fallback backend keeps none); the
    editors' page search in the admin reads the page tables directly and still finds the page."""
    from wagtail.search.models import IndexEntry

    from suche.models import PageSearchEntry

    content_tree["shisha_page"].save_revision().publish()
    assert PageSearchEntry.objects.filter(page=content_tree["shisha_page"]).exists()
    assert not IndexEntry.objects.exists()
    editor = user_factory("geschaeftsstelle", is_superuser=True, is_staff=True)
    response = login(editor).get("/admin/pages/search/", {"q": "Shisha"})
    assert response.status_code == 200
    assert "Shisha-Bars" in response.content.decode()
