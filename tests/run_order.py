"""The end of the run: the longest tests first, then one test at a time to whichever xdist worker is free.

The run ends with the transactional tests (`tests.conftest._run_order`): browser tests, migration tests,
20–100 s each. pytest-xdist's `load` hands tests out in chunks of consecutive tests (up to a quarter of
those left), so one worker used to get most of them in one chunk and ran them alone for minutes while
the other had finished. Now they come longest first (`LONGEST`), and no chunk reaches into them: from
there on each worker gets the next test when it is free (longest-first list scheduling), and the run ends
with short tests on both workers. Before that part, chunks stay as pytest-xdist makes them (a module's
tests stay together, so module fixtures such as the upload corpus are built once).
"""

from __future__ import annotations

from xdist.scheduler import LoadScheduling

# Seconds measured in CI (`--durations`, the loaded machine of 5 Dec 2026; only their order matters), by
# test function over all its parameters; transactional tests only (they run last). Tests not listed keep
# their order after these.
LONGEST = {
    # One browser pass per role: desktop axe, page weight and both phone widths on one page load each (7 Dec
    # 2026; before, three tests per role: phone 100 s, accessibility 90 s, page weight 50 s).
    "tests/quality/test_every_page_type.py::test_every_page_type_passes_axe_weight_and_phone_checks": 130,
    "tests/analysen/test_browser_journey.py::test_360_analyse_from_anfrage_to_deletion": 55,
    "tests/benachrichtigungen/test_browser_workflows.py::test_massnahme_journey": 52,
    "tests/benachrichtigungen/test_browser_workflows.py::test_anfrage_journey": 46,
    "tests/quality/test_accessibility.py::test_wagtail_admin_violations_are_listed": 45,
    "tests/anfragen/test_migration.py::test_requests_and_their_history_survive_the_move": 40,
    "tests/benachrichtigungen/test_browser_workflows.py::test_arbeitskreis_join_journey": 40,
    "tests/benachrichtigungen/test_browser_workflows.py::test_reported_post_names_the_reporter": 38,
    "tests/newsletter/test_integration.py::test_real_worker_delivers_exactly_once_even_after_sigkill": 37,
    "tests/benachrichtigungen/test_migration.py::test_board_notifications_are_copied_with_read_and_mail_state": 34,
    "tests/content/test_browser_editorial.py::test_editor_creates_page_approver_publishes_member_finds_it": 28,
    "tests/austausch/test_browser_journey.py::test_ask_answer_mark_answered": 27,
    "tests/quality/test_accessibility.py::test_keyboard_only_journey": 25,
    "tests/erhebungen/test_browser.py::test_authority_submits_and_geschaeftsstelle_sees_it_in_overview_and_chart": 22,
    "tests/foederation/test_browser_journey.py::test_federated_journey_invited_unknown_deactivated": 20,
    "tests/accounts/test_browser_journey.py::test_invitation_to_login_journey": 18,
    "tests/accounts/test_browser_journey.py::test_staff_pages_screenshots": 17,
    "tests/lagebilder/test_browser.py::test_upload_share_with_one_authority_download_and_third_sees_nothing": 16,
    "tests/accounts/test_browser_webauthn.py::test_enrolment_with_a_security_key_on_a_phone": 15,
}


def expected_seconds(nodeid: str) -> float:
    return LONGEST.get(nodeid.split("[")[0], 0)


class LongestLastScheduling(LoadScheduling):
    """pytest-xdist's `load`, except that no chunk reaches into the longest tests: from the first of them
    on, tests go out one at a time."""

    tail_start: int | None = None

    def check_schedule(self, node, duration: float = 0) -> None:
        if self.collection is not None and self.pending:
            if self.tail_start is None:
                starts = [i for i, nodeid in enumerate(self.collection) if expected_seconds(nodeid)]
                self.tail_start = starts[0] if starts else len(self.collection)
            before_tail = sum(1 for index in self.pending if index < self.tail_start)
            self.maxschedchunk = max(before_tail, 1)
        super().check_schedule(node, duration=duration)
