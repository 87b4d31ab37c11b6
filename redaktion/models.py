"""The four-eyes task of the editorial workflow."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask


class ZweitfreigabeTask(GroupApprovalTask):
    """Approval by a member of the approving group who is not the person who submitted (four eyes)."""

    def _is_submitter(self, obj, user) -> bool:
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk

    def get_actions(self, obj, user):
        if self._is_submitter(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
        )

    @classmethod
    def get_description(cls):
        return _("Freigabe durch eine zweite Person der berechtigten Gruppe (Vier-Augen-Prinzip)")

    class Meta:
        verbose_name = _("Freigabe durch zweite Person")
        verbose_name_plural = _("Freigaben durch zweite Person")
        # Created as portal.ZweitfreigabeTask; moved with its table (redaktion/migrations/0001).
        db_table = "portal_zweitfreigabetask"
