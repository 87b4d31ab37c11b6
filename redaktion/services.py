"""Editorial rights and the approval workflow, set up idempotently (demo seed, deployment).

Redaktion: add and edit pages, upload documents and images, submit for approval — no publishing.
Geschäftsstelle: additionally approve in the workflow "Redaktion → Freigabe Geschäftsstelle" (a second
person: whoever submitted cannot approve their own submission, see ZweitfreigabeTask). Nobody holds the
page publish permission: every page goes live through the workflow's approval
(`WAGTAIL_FINISH_WORKFLOW_ACTION`, redaktion.workflow_finish), or, in an emergency, through
`page_publish_emergency` by the Geschäftsstelle with a reason, audited and marked in the page history.
"""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.roles import ensure_role_groups
from audit.models import Aktion
from audit.services import audit_log

from .access import can_publish_emergency
from .models import ZweitfreigabeTask

WORKFLOW_NAME = "Redaktion → Freigabe Geschäftsstelle"
TASK_NAME = "Freigabe Geschäftsstelle"

REDAKTION_PAGE_PERMS = ["add_page", "change_page", "lock_page"]
GESCHAEFTSSTELLE_PAGE_PERMS = ["add_page", "change_page", "lock_page", "unlock_page"]
# Publishing goes through the workflow (four eyes); no group may publish past it.
WITHHELD_PAGE_PERMS = ["publish_page"]
EMERGENCY_LOG_ACTION = "siko.notveroeffentlichung"
REDAKTION_COLLECTION_PERMS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
]


def _grant_pages(group, page, codenames):
    for codename in codenames:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@transaction.atomic
def editorial_setup(*, home: Page) -> Workflow:
    """Grant page and media rights to Redaktion and Geschäftsstelle and attach the approval workflow."""
    redaktion, geschaeftsstelle = ensure_role_groups()
    _grant_pages(redaktion, home, REDAKTION_PAGE_PERMS)
    _grant_pages(geschaeftsstelle, home, GESCHAEFTSSTELLE_PAGE_PERMS)
    # Any group (also Wagtail's initial "Moderators"): nobody publishes past the workflow.
    GroupPagePermission.objects.filter(
        permission__content_type__app_label="wagtailcore", permission__codename__in=WITHHELD_PAGE_PERMS
    ).delete()
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for group in (redaktion, geschaeftsstelle):
        for app_label, codename in REDAKTION_COLLECTION_PERMS:
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    # The glossary terms are snippets: the Redaktion maintains them directly.
    for group in (redaktion, geschaeftsstelle):
        for codename in ("add_glossarbegriff", "change_glossarbegriff", "delete_glossarbegriff"):
            group.permissions.add(
                Permission.objects.get(content_type__app_label="glossary", codename=codename)
            )

    task = ZweitfreigabeTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = ZweitfreigabeTask.objects.create(name=TASK_NAME)
    task.groups.set([geschaeftsstelle])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def page_publish_emergency(*, page: Page, by, grund: str):
    """Publish the page's latest revision without the second approval (Geschäftsstelle only).

    The reason is required; the publication is written to the audit log and to the page history as
    "Notveröffentlichung". A workflow in progress is cancelled. Return the published revision."""
    if not can_publish_emergency(by):
        raise PermissionDenied(_("Nur die Geschäftsstelle kann eine Seite ohne Freigabe veröffentlichen."))
    grund = " ".join((grund or "").split())[:300]
    if not grund:
        raise ValidationError(_("Bitte begründen Sie die Notveröffentlichung."), code="grund")
    page = page.specific
    revision = page.get_latest_revision() or page.save_revision(user=by)
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=by)
    revision.publish(user=by, skip_permission_checks=True)
    log(instance=page, action=EMERGENCY_LOG_ACTION, user=by, revision=revision, data={"grund": grund})
    audit_log(
        aktion=Aktion.SEITE_NOTVEROEFFENTLICHT,
        actor=by,
        objekt=page,
        grund=grund,
        revision=revision.pk,
    )
    return revision
