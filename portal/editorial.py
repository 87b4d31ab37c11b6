"""Editorial rights and the approval workflow, set up idempotently (demo seed, deployment).

Redaktion: add and edit pages, upload documents and images, submit for approval — no publishing.
Geschäftsstelle: additionally publish, and approve in the workflow "Redaktion → Freigabe Geschäftsstelle"
(a second person: whoever submitted cannot approve their own submission, see ZweitfreigabeTask).
"""

from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

WORKFLOW_NAME = "Redaktion → Freigabe Geschäftsstelle"
TASK_NAME = "Freigabe Geschäftsstelle"

REDAKTION_PAGE_PERMS = ["add_page", "change_page", "lock_page"]
GESCHAEFTSSTELLE_PAGE_PERMS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
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
    from accounts.roles import ensure_role_groups

    from .models import ZweitfreigabeTask

    redaktion, geschaeftsstelle = ensure_role_groups()
    _grant_pages(redaktion, home, REDAKTION_PAGE_PERMS)
    _grant_pages(geschaeftsstelle, home, GESCHAEFTSSTELLE_PAGE_PERMS)
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
