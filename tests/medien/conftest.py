"""The media tests render images in the content tree of tests/content (built once per process)."""

from tests.content.conftest import _content_tree_session, content_tree  # noqa: F401
