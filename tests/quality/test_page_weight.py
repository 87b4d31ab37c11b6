"""Page weight: the gzip size used by the budget (the budget itself is checked per page type and role in
the browser pass, tests/quality/test_every_page_type.py)."""

from tests.quality.weight import compressed_size


def test_compressed_size_uses_gzip_when_the_server_did_not_compress():
    body = b"<p>Lagebild</p>" * 1000
    assert compressed_size(body, {}) < len(body) / 10
    assert compressed_size(b"x", {"content-encoding": "gzip", "content-length": "123"}) == 123
