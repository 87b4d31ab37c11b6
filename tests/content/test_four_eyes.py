"""Four eyes without a bypass: every page goes live through the workflow; an emergency publication
needs a reason, is audited and shows as such in the page history."""

import pytest
from django.urls import reverse

from audit.models import Aktion, AuditEntry
from redaktion.services import EMERGENCY_LOG_ACTION, editorial_setup


@pytest.fixture
def editorial(content_tree):
    editorial_setup(home=content_tree["home"])
    return content_tree


def _draft(page, user, title="Neuer Titel ohne Freigabe"):
    page.title = title
    page.save_revision(user=user)
    page.refresh_from_db()
    return page


def test_no_role_can_publish_directly(editorial, user_factory):
    from wagtail.models import GroupPagePermission

    page = editorial["page"]
    for role in ("redaktion", "geschaeftsstelle"):
        perms = page.permissions_for_user(user_factory(role))
        assert perms.can_edit() and not perms.can_publish(), role
    assert not GroupPagePermission.objects.filter(permission__codename="publish_page").exists()


def test_setup_withdraws_an_earlier_publish_grant(editorial):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    GroupPagePermission.objects.create(
        group=Group.objects.get(name="Geschäftsstelle"), page=editorial["home"], permission=publish
    )
    editorial_setup(home=editorial["home"])
    assert not GroupPagePermission.objects.filter(permission=publish).exists()


def test_geschaeftsstelle_change_goes_live_only_after_a_second_approval(editorial, user_factory):
    page = editorial["page"]
    author, second = user_factory("geschaeftsstelle"), user_factory("geschaeftsstelle")
    _draft(page, author)
    state = page.get_workflow().start(page, author)
    task = state.current_task_state.task.specific
    assert task.get_actions(page, author) == []  # no approving one's own submission
    task.on_action(state.current_task_state, second, "approve")
    page.refresh_from_db()
    assert page.title == "Neuer Titel ohne Freigabe" and page.live and not page.has_unpublished_changes


def test_emergency_publication_asks_for_confirmation_and_a_reason(editorial, user_factory, login):
    from wagtail.models import PageLogEntry

    gs = user_factory("geschaeftsstelle")
    page = _draft(editorial["page"], gs)
    url = reverse("siko_notveroeffentlichung", args=[page.pk])
    client = login(gs)

    body = client.get(url).content.decode()
    assert "ohne Zweitfreigabe veröffentlichen?" in body and 'name="grund"' in body
    client.post(url, {"grund": ""})
    response = client.post(url, {"grund": "", "bestaetigt": "ja"})
    assert "Bitte geben Sie einen Grund an." in response.content.decode()
    page.refresh_from_db()
    assert page.has_unpublished_changes and page.title == "Illegales Glücksspiel"
    assert not PageLogEntry.objects.filter(action=EMERGENCY_LOG_ACTION).exists()

    response = client.post(url, {"grund": "Warnung vor Betrugsmasche", "bestaetigt": "ja"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Neuer Titel ohne Freigabe" and not page.has_unpublished_changes
    entry = PageLogEntry.objects.get(page=page, action=EMERGENCY_LOG_ACTION)
    assert entry.user == gs and entry.data["grund"] == "Warnung vor Betrugsmasche"
    audit = AuditEntry.objects.get(aktion=Aktion.SEITE_NOTVEROEFFENTLICHT)
    assert audit.actor == gs and audit.details["grund"] == "Warnung vor Betrugsmasche"
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Notveröffentlichung ohne Zweitfreigabe. Grund: Warnung vor Betrugsmasche" in history


def test_emergency_publication_cancels_a_running_workflow(editorial, user_factory, login):
    from wagtail.models import WorkflowState

    author, gs = user_factory("redaktion"), user_factory("geschaeftsstelle")
    page = _draft(editorial["page"], author)
    state = page.get_workflow().start(page, author)
    login(gs).post(
        reverse("siko_notveroeffentlichung", args=[page.pk]), {"grund": "Eilt", "bestaetigt": "ja"}
    )
    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED and page.live and not page.has_unpublished_changes


@pytest.mark.parametrize("role", ["mitglied", "redaktion"])
def test_only_the_geschaeftsstelle_may_publish_in_an_emergency(editorial, user_factory, login, role):
    page = _draft(editorial["page"], user_factory("redaktion"))
    response = login(user_factory(role)).post(
        reverse("siko_notveroeffentlichung", args=[page.pk]), {"grund": "x", "bestaetigt": "ja"}
    )
    assert response.status_code == 404
    page.refresh_from_db()
    assert page.has_unpublished_changes
