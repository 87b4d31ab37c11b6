"""The content tree: a small published Wagtail tree, built once per process (see `SharedTestData`)."""

import pytest

from tests.conftest import SharedTestData


def build_content_tree() -> dict:
    """A small published tree: start page, Fachgebiete with one page, glossary with terms, news."""
    from demo.pages import ensure_home_page, upsert_page
    from fachgebiete.models import Fachgebiet, FachgebietIndexPage, FachgebietPage
    from glossary.models import GlossarBegriff, GlossaryPage
    from startseite.models import NewsIndexPage, NewsPage

    home = ensure_home_page()
    gluecksspiel, _ = Fachgebiet.objects.get_or_create(slug="glucksspiel", defaults={"name": "Glücksspiel"})
    shisha, _ = Fachgebiet.objects.get_or_create(slug="shisha", defaults={"name": "Shisha"})
    index = upsert_page(home, FachgebietIndexPage, "fachgebiete", title="Fachgebiete")
    page = upsert_page(
        index,
        FachgebietPage,
        "glucksspiel",
        title="Illegales Glücksspiel",
        fachgebiet=gluecksspiel,
        einleitung="<p>Kontrollen nach dem Glücksspielstaatsvertrag und Maßnahmen gegen Geldwäsche.</p>",
        body=[("absatz", "<h3>Verbundkontrolle</h3><p>Eine Verbundkontrolle prüft Spielhallen.</p>")],
        rechtsgrundlagen=[
            ("rechtsgrundlage", {"gesetz": "GlüStV 2021", "paragraph": "§ 4", "erlaeuterung": "Erlaubnis."})
        ],
    )
    shisha_page = upsert_page(
        index,
        FachgebietPage,
        "shisha",
        title="Shisha-Bars",
        fachgebiet=shisha,
        einleitung="<p>Shisha-Tabak.</p>",
    )
    glossary = upsert_page(home, GlossaryPage, "glossar", title="Glossar")
    term = GlossarBegriff.objects.create(
        begriff="Verbundkontrolle", definition="<p>Gemeinsame Kontrolle mehrerer Behörden.</p>"
    )
    term.fachgebiete.set([gluecksspiel])
    term.save()
    GlossarBegriff.objects.create(
        begriff="Kreispolizeibehörde", abkuerzung="KPB", definition="<p>Polizei.</p>"
    )
    news_index = upsert_page(home, NewsIndexPage, "aktuelles", title="Aktuelles")
    news = upsert_page(
        news_index, NewsPage, "meldung", title="Neue Maßnahmen", body=[("absatz", "<p>Text der Meldung.</p>")]
    )
    return {
        "home": home,
        "index": index,
        "page": page,
        "shisha_page": shisha_page,
        "glossary": glossary,
        "term": term,
        "news_index": news_index,
        "news": news,
    }


CONTENT_TREE = SharedTestData("_content_tree_session", build_content_tree)
_content_tree_session = CONTENT_TREE.session_fixture()


@pytest.fixture
def content_tree(_content_tree_session, db):
    """The content tree as fresh instances: changes a test makes (rolled back after it) stay out of the
    next test's objects."""
    from portal import content_cache

    content_cache.bump()
    return {key: type(obj).objects.get(pk=obj.pk) for key, obj in CONTENT_TREE.current().items()}
