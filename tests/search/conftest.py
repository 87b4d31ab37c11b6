"""The board's fixtures (areas, people, threads), the Lagebilder world and the content tree (for the
cache of search answers); the demo content is the shared `demo` fixture of tests/conftest.py."""

from tests.austausch.conftest import _austausch_board_session, _clear_rate_limits, board, make_thema  # noqa: F401
from tests.content.conftest import _content_tree_session, content_tree  # noqa: F401
from tests.lagebilder.conftest import (  # noqa: F401
    _lagebilder_world_session,
    fachgebiet,
    lagebild_factory,
    world,
)
