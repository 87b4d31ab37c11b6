"""Every board URL × role × area visibility: visible areas answer, hidden ones 404 — never 403."""

import pytest

from audit.models import Aktion, AuditEntry
from tests.austausch.conftest import build_board, create_thema
from tests.conftest import SharedTestData, fresh_instances

# (name, url template, method, who may use it in an open area, ... in the Arbeitskreis area)
ROLES = ["aussen", "mitglied", "leitung", "gs"]


def build_access_board() -> dict:
    """The board (`build_board`) with a question and a reply in the general and the Arbeitskreis area."""
    from austausch.services import beitrag_create

    board = build_board()
    objects = {}
    for key in ("allgemein", "ak"):
        thema = create_thema(board, bereich=board[key], by=board["mitglied"])
        reply = beitrag_create(thema=thema, by=board["leitung"], text="Antwort").beitrag
        objects[key] = {
            "bereich": board[key],
            "thema": thema,
            "beitrag": thema.beitraege.first(),
            "reply": reply,
        }
    return {"board": board, "objects": objects}


# The module's own shared data: every test here uses the board, most of them with the threads as well.
ACCESS_BOARD = SharedTestData("_austausch_access_board_session", build_access_board)
_austausch_access_board_session = ACCESS_BOARD.session_fixture()


@pytest.fixture
def board(_austausch_access_board_session, db):
    """This module's board (instead of the conftest's): `build_access_board`'s, as fresh instances."""
    return fresh_instances(ACCESS_BOARD.current()["board"])


@pytest.fixture
def objects(_austausch_access_board_session, db):
    """The question and the reply per area, as fresh instances."""
    return {key: fresh_instances(values) for key, values in ACCESS_BOARD.current()["objects"].items()}


GET_URLS = [
    ("bereich", "/austausch/bereich/{bereich.slug}/"),
    ("thema_neu", "/austausch/bereich/{bereich.slug}/neu/"),
    ("thema", "/austausch/thema/{thema.pk}/"),
    ("melden", "/austausch/beitrag/{reply.pk}/melden/"),
]
# Addresses that lead on to a thread page (permalink of a post, first unread post).
REDIRECT_URLS = [
    ("beitrag", "/austausch/beitrag/{reply.pk}/"),
    ("ungelesen", "/austausch/thema/{thema.pk}/ungelesen/"),
]
POST_URLS = [
    ("thema_neu", "/austausch/bereich/{bereich.slug}/neu/", {"titel": "T", "art": "frage", "text": "x"}),
    ("bereich_abo", "/austausch/bereich/{bereich.slug}/abo/", {"zustellung": "sofort"}),
    ("antworten", "/austausch/thema/{thema.pk}/antworten/", {"text": "Antwort"}),
    ("thema_abo", "/austausch/thema/{thema.pk}/abo/", {"zustellung": "taeglich"}),
    ("melden", "/austausch/beitrag/{reply.pk}/melden/", {"grund": "unpassend"}),
]
# Only for moderators of the area (Geschäftsstelle everywhere, Leitung in its Arbeitskreis area).
MODERATOR_URLS = [
    ("versionen", "get", "/austausch/beitrag/{beitrag.pk}/versionen/", {}),
    ("moderation", "post", "/austausch/thema/{thema.pk}/moderation/", {"aktion": "anheften"}),
    ("verbergen", "post", "/austausch/beitrag/{beitrag.pk}/verbergen/", {"verborgen": "1"}),
]


def _sees(role, area):
    return area == "allgemein" or role in ("mitglied", "leitung", "gs")


def _moderates(role, area):
    return role == "gs" or (role == "leitung" and area == "ak")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("area", ["allgemein", "ak"])
@pytest.mark.parametrize(("name", "url"), GET_URLS)
def test_get_urls(objects, board, login, role, area, name, url):
    client = login(board[role])
    response = client.get(url.format(**objects[area]))
    assert response.status_code == (200 if _sees(role, area) else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("area", ["allgemein", "ak"])
@pytest.mark.parametrize(("name", "url"), REDIRECT_URLS)
def test_redirect_urls(objects, board, login, role, area, name, url):
    client = login(board[role])
    response = client.get(url.format(**objects[area]))
    if _sees(role, area):
        assert response.status_code == 302
        assert response["Location"].startswith(f"/austausch/thema/{objects[area]['thema'].pk}/")
        assert client.get(response["Location"]).status_code == 200
    else:
        assert response.status_code == 404
        assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("area", ["allgemein", "ak"])
@pytest.mark.parametrize(("name", "url", "data"), POST_URLS)
def test_post_urls(objects, board, login, role, area, name, url, data):
    from austausch.models import Beitrag, Thema

    client = login(board[role])
    before = (Thema.objects.count(), Beitrag.objects.count())
    response = client.post(url.format(**objects[area]), data)
    if _sees(role, area):
        assert response.status_code == 302
    else:
        assert response.status_code == 404
        assert (Thema.objects.count(), Beitrag.objects.count()) == before
        assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("area", ["allgemein", "ak"])
@pytest.mark.parametrize(("name", "method", "url", "data"), MODERATOR_URLS)
def test_moderator_urls(objects, board, login, role, area, name, method, url, data):
    client = login(board[role])
    response = getattr(client, method)(url.format(**objects[area]), data)
    if _moderates(role, area):
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("area", ["allgemein", "ak"])
def test_edit_only_own_post(objects, board, login, role, area):
    """Only the author edits; everyone else gets 404 (GET and POST), the text stays."""
    beitrag = objects[area]["beitrag"]  # written by "mitglied"
    client = login(board[role])
    response = client.post(f"/austausch/beitrag/{beitrag.pk}/bearbeiten/", {"text": "geändert"})
    beitrag.refresh_from_db()
    if role == "mitglied":
        assert response.status_code == 302
        assert beitrag.text == "geändert"
    else:
        assert response.status_code == 404
        assert beitrag.text == "Frage."


@pytest.mark.parametrize(
    "url",
    [
        "/austausch/",
        "/austausch/benachrichtigungen/",
        "/austausch/anfragen/",
        "/austausch/bereich/allgemein/",
    ],
)
def test_anonymous_and_unverified_are_refused(board, client, login, url):
    assert client.get(url).status_code in (302, 403)
    assert client.get(url)["Location"].startswith("/konto/") if client.get(url).status_code == 302 else True
    unverified = login(board["mitglied"], mfa=False)
    assert unverified.get(url).status_code != 200


def test_index_lists_only_visible_areas(board, login):
    body = login(board["aussen"]).get("/austausch/").content.decode()
    assert "Allgemein" in body and "Shisha" in body
    assert "Arbeitskreis Rotlicht" not in body
    body = login(board["mitglied"]).get("/austausch/").content.decode()
    assert "Arbeitskreis Rotlicht" in body


def test_crafted_post_to_hidden_area_is_404(board, login):
    from austausch.models import Thema

    client = login(board["aussen"])
    response = client.post(
        f"/austausch/bereich/{board['ak'].slug}/neu/", {"titel": "Trick", "art": "frage", "text": "Hallo"}
    )
    assert response.status_code == 404
    assert not Thema.objects.filter(titel="Trick").exists()


def test_hidden_thread_is_404_for_members_but_visible_to_moderators(objects, board, login):
    from austausch.services import thema_moderate

    thema = objects["allgemein"]["thema"]
    thema_moderate(thema=thema, by=board["gs"], aktion="verbergen")
    assert login(board["aussen"]).get(f"/austausch/thema/{thema.pk}/").status_code == 404
    assert login(board["gs"]).get(f"/austausch/thema/{thema.pk}/").status_code == 200
