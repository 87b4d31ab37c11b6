"""The board's fixtures (areas, people, threads); the demo content is the shared `demo` fixture of
tests/conftest.py."""

from tests.austausch.conftest import _clear_rate_limits, board, make_thema  # noqa: F401
