"""Shared with tests/praevention: the demo content fixtures live in tests/demo_fixtures.py."""

from tests.demo_fixtures import _module_demo, demo, kommune_ap  # noqa: F401
