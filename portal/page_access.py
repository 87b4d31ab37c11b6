"""Who may open which page: the portal policy (login + second factor, enforced by the middleware)
plus Wagtail's own privacy settings (PageViewRestriction) for parts of the tree.

Search, news and the start page ask these functions so that they never list a page the person
could not open.
"""

from wagtail.models import PageViewRestriction

from . import content_cache


def any_view_restrictions() -> bool:
    """True when some page has a Wagtail privacy setting (kept per process under the content generation, 0 queries when warm)."""
    return content_cache.cached("view-restrictions", lambda: PageViewRestriction.objects.exists(), local=True)


class PortalPageMixin:
    """Mixed into every page type of the portal: when no page has a privacy setting at all (the usual
    case, cached for everybody), answer Wagtail's privacy check without its two queries per page view;
    otherwise Wagtail's own `get_view_restrictions` runs unchanged. Measured: the two queries cost a
    content page about as much CPU as rendering its cached body."""

    def get_view_restrictions(self):
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def _restrictions() -> list:
    return list(PageViewRestriction.objects.select_related("page").prefetch_related("groups"))


def restricted_paths_for(user) -> list[str]:
    """Return tree paths of restricted subtrees this person may not open (two queries at most)."""
    if not any_view_restrictions():
        return []
    restrictions = _restrictions()
    if not restrictions:
        return []
    group_ids = set(user.groups.values_list("pk", flat=True)) if user.is_authenticated else set()
    return _paths_closed_to(user, group_ids, restrictions)


def _paths_closed_to(user, group_ids: set[int], restrictions: list) -> list[str]:
    paths = []
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.LOGIN and user.is_authenticated:
            continue
        if restriction.restriction_type == PageViewRestriction.GROUPS and (
            user.is_superuser or group_ids & {g.pk for g in restriction.groups.all()}
        ):
            continue
        # Password-protected subtrees never appear in lists: the password is asked on the page itself.
        paths.append(restriction.page.path)
    return paths


def audience(users) -> dict:
    """NewsSource audience of pages: who may open which pages depends only on the subtrees closed to
    the person (`restricted_paths_for`). Three queries for any number of people."""
    from django.contrib.auth import get_user_model

    restrictions = _restrictions()
    groups: dict[int, set[int]] = {user.pk: set() for user in users}
    if restrictions and users:
        through = get_user_model().groups.through
        for user_id, group_id in through.objects.filter(user_id__in=list(groups)).values_list(
            "user_id", "group_id"
        ):
            groups[user_id].add(group_id)
    return {
        user.pk: (
            bool(user.is_authenticated and user.is_active),
            tuple(_paths_closed_to(user, groups[user.pk], restrictions)) if restrictions else (),
        )
        for user in users
    }
