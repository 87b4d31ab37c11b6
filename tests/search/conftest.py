"""The board's fixtures (areas, people, threads) for the grouped board hits and the results page."""

from tests.austausch.conftest import _clear_rate_limits, board, make_thema  # noqa: F401
