"""The demo installation: its embedded image shows, and no page links to the private MEDIA_URL."""

import re

import pytest

from tests.quality.conftest import role_client
from tests.url_inventory import page_urls

pytestmark = pytest.mark.django_db

IMG = re.compile(r"<img\b[^>]*>")


def _attr(tag: str, name: str) -> str | None:
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match.group(1) if match else None


def test_demo_news_item_embeds_the_overview_map_through_the_protected_view(demo):
    from demo.startseite import KARTE_ALT

    client = role_client("mitglied")
    html = client.get("/aktuelles/jahresbericht-2025-veroeffentlicht/").content.decode()
    images = IMG.findall(html)
    assert len(images) == 1
    tag = images[0]
    assert "richtext-image full-width" in tag
    assert _attr(tag, "alt") == KARTE_ALT
    src = _attr(tag, "src")
    assert src.startswith("/medien/bilder/")
    response = client.get(src)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]


def test_no_rendered_page_of_the_demo_links_to_the_private_media_url(demo, settings):
    from glossary.models import GlossarBegriff

    assert settings.MEDIA_URL == "/_geschuetzt/"
    checked_types, problems, image_sources = set(), [], set()
    urls = [(u.name, u.path) for u in page_urls()]
    urls += [
        ("glossar:begriff", f"/glossar/{slug}/")
        for slug in GlossarBegriff.objects.values_list("slug", flat=True)
    ]
    urls += [
        ("suche", "/suche/?q=Metropole+Ruhr"),
        ("suche", "/suche/?q=Jahresbericht"),
        ("admin:bilder", "/admin/images/"),
    ]
    for role in ("mitglied", "geschaeftsstelle"):
        client = role_client(role)
        for name, path in urls:
            if name.startswith("admin") and role != "geschaeftsstelle":
                continue
            response = client.get(path)
            assert response.status_code == 200, (role, path, response.status_code)
            html = response.content.decode()
            checked_types.add(name)
            if settings.MEDIA_URL in html:
                problems.append(f"{role} {path}")
            image_sources.update(
                _attr(tag, "src") for tag in IMG.findall(html) if not _attr(tag, "src").startswith("/static/")
            )
    assert not problems, "Private media URL in: " + ", ".join(problems)
    # Every page type of the demo was rendered, and the demo's images were among what was checked.
    from wagtail.models import Page

    live_types = {f"page:{p.specific_class._meta.label}" for p in Page.objects.live().filter(depth__gt=1)}
    assert live_types <= checked_types
    assert image_sources and all(src.startswith("/medien/bilder/") for src in image_sources), image_sources
