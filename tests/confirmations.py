"""Shared check for actions that ask first (portal.confirmation): one helper, used by each app's tests."""

from collections.abc import Callable


def assert_asks_first(client, url: str, data: dict, *, done: Callable[[], bool], says: str):
    """GET and a POST without confirmation answer the German confirmation page and change nothing;
    the confirming POST performs the action. Return that last response."""
    page = client.get(url, data)
    body = page.content.decode()
    assert page.status_code == 200, page.status_code
    assert says in body
    assert 'name="bestaetigt" value="ja"' in body and "Abbrechen" in body
    assert not done(), "GET changed something"

    page = client.post(url, data)
    assert page.status_code == 200 and says in page.content.decode()
    assert not done(), "a POST without confirmation changed something"

    response = client.post(url, {**data, "bestaetigt": "ja"})
    assert response.status_code in (200, 302)
    assert done(), "the confirmed POST did not act"
    return response
