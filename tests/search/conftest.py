"""The board's fixtures (areas, people, threads) and the demo content (tests/demo_fixtures.py)."""

from tests.austausch.conftest import _clear_rate_limits, board, make_thema  # noqa: F401
from tests.demo_fixtures import _module_demo, demo  # noqa: F401
