"""CMS: the Redaktion composes issues as snippets; edits after approval need a new approval."""

import pytest

from newsletter.models import Ausgabe, AusgabeStatus

pytestmark = pytest.mark.django_db


def _form(titel: str) -> dict:
    data = {"titel": titel, "editorial": '{"blocks": [], "entityMap": {}}'}
    for prefix in ("hervorhebungen", "abschnitte"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_redaktion_creates_issue_as_author(user_factory, login):
    redaktion = user_factory("redaktion")
    response = login(redaktion).post("/admin/snippets/newsletter/ausgabe/add/", _form("KW 49: Verkehr"))
    assert response.status_code == 302, response.content.decode()[:2000]
    ausgabe = Ausgabe.objects.get(titel="KW 49: Verkehr")
    assert ausgabe.erstellt_von == redaktion
    assert ausgabe.status == AusgabeStatus.ENTWURF


def test_editing_an_approved_issue_resets_approval_and_sent_issues_are_locked(
    user_factory, login, ausgabe_factory
):
    redaktion = user_factory("redaktion")
    client = login(redaktion)
    approved = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN, editorial="")
    response = client.post(f"/admin/snippets/newsletter/ausgabe/edit/{approved.pk}/", _form("Geändert"))
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == AusgabeStatus.ENTWURF and approved.titel == "Geändert"
    sent = ausgabe_factory(status=AusgabeStatus.VERSENDET, editorial="")
    response = client.post(f"/admin/snippets/newsletter/ausgabe/edit/{sent.pk}/", _form("Nachträglich"))
    assert response.status_code == 302 and f"/newsletter/verwaltung/{sent.pk}/" in response["Location"]
    sent.refresh_from_db()
    assert sent.titel != "Nachträglich"


def test_member_has_no_cms_access(mitglied, login):
    response = login(mitglied).get("/admin/snippets/newsletter/ausgabe/")
    assert response.status_code == 404  # the portal's 404: the CMS does not exist for a member
