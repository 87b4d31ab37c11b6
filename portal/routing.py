"""Page routing with a constant, small number of queries.

Wagtail's own routing costs a Site query, one query for the start page and two queries (child by slug,
then its specific row) per path segment. Here the Site and its start page come from the shared content
cache (portal.content_cache: identical for everybody, rebuilt when content changes), and the start page
resolves the rest of the path with one query for all pages on it plus one for the page found. Page types
with their own `route()` (e.g. the glossary's RoutablePage) still get the remaining path segments, and a
page that is not live still answers 404: the result is the same as Wagtail's.
"""

from django.http import Http404
from django.http.request import split_domain_port
from django.urls import reverse
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from . import content_cache


def _find_site(request):
    site = Site._find_for_request(request)
    if site is None:
        return False  # cached as "no site" (None means "not cached")
    # Keep the start page in its specific form, so that routing does not fetch it again.
    site.root_page = site.root_page.specific
    return site


def cached_site_for_request(request):
    """Return the Wagtail Site for this request (and remember it on the request, as Wagtail does)."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        site = content_cache.cached(f"site:{hostname}:{request.get_port()}", lambda: _find_site(request))
        request._wagtail_site = site or None
    return request._wagtail_site


def serve_page(request, path):
    """Wagtail's page view (hooks, privacy settings, page.serve) with the Site from the shared cache."""
    cached_site_for_request(request)
    return wagtail_views.serve(request, path)


def page_url(page) -> str | None:
    """Return a page's URL like `page.url` does, without a cache round trip per page.

    `page.url` without a request asks the cache for Wagtail's site root paths every time; lists of pages
    built outside a request's template (start page items, news) use this instead: the root paths come
    from the shared content cache, held in the process.
    """
    return url_for_path(page.url_path)


def url_for_path(url_path: str) -> str | None:
    """The URL of the page with this `url_path` (see `page_url`), for rows read with `.values()`."""
    root_paths = content_cache.cached("site-root-paths", lambda: list(Site.get_site_root_paths()))
    for root in root_paths:
        if url_path.startswith(root.root_path):
            path = reverse("wagtail_serve", args=(url_path[len(root.root_path) :],))
            return path if len({r.site_id for r in root_paths}) == 1 else root.root_url + path
    return None


def _has_own_route(page_class) -> bool:
    return page_class is not None and page_class.route is not Page.route


def route_by_url_path(root, request, path_components):
    """Route `path_components` below `root` like `Page.route` does: from the shared content cache when the
    path named a live page before (no query), otherwise in two queries."""
    if not path_components:
        result = Page.route(root, request, path_components)
        result[0].served_live = True
        return result
    key = f"route:{root.pk}:{'/'.join(path_components)}"
    page = content_cache.peek(key)
    if page is not None:
        return page.route(request, [])
    result = _route_by_url_path(root, request, path_components)
    page = result[0]
    # Marks the live page object that routing found: only such pages have shared, cached parts
    # (content_cache.fragment_key). Previews and drafts never come this way.
    page.served_live = True
    if page.url_path == root.url_path + "".join(f"{c}/" for c in path_components) and page.live:
        # Only whole page paths are shared: paths below a page with its own routes (a glossary term)
        # are resolved by that page and could be anything.
        content_cache.store(key, page)
    return result


def _route_by_url_path(root, request, path_components):
    prefixes, url_path = [], root.url_path
    for component in path_components:
        url_path += f"{component}/"
        prefixes.append(url_path)
    pages = {
        page.url_path: page
        for page in Page.objects.filter(
            url_path__in=prefixes, path__startswith=root.path, depth__gt=root.depth
        )
    }
    parent = root
    for index, url_path in enumerate(prefixes):
        page = pages.get(url_path)
        if page is None or page.depth != root.depth + index + 1:
            raise Http404
        page._cached_parent_obj = parent  # as Wagtail's route does: get_parent() needs no query
        remaining = path_components[index + 1 :]
        if not remaining or _has_own_route(page.specific_class):
            return page.specific.route(request, remaining)
        parent = page
    raise Http404  # not reached: the loop returns at the last segment
