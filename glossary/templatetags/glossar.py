from django import template
from django.utils.safestring import mark_safe

from glossary.autolink import cached_terms, link_terms
from portal import content_cache

register = template.Library()


@register.tag("glossar_links")
def do_glossar_links(parser, token):
    """{% glossar_links %}…page content…{% endglossar_links %}: link glossary terms (first occurrence per page).

    The enclosed part must be page content that is the same for everybody (body fields, never anything
    that depends on the person): for a live page it is rendered once per content generation and then
    served from the shared cache (portal.content_cache).
    """
    nodelist = parser.parse(("endglossar_links",))
    parser.delete_first_token()
    return GlossarLinksNode(nodelist)


class GlossarLinksNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        # One set per request: a term is linked once per page even across several body fields.
        linked = getattr(request, "_glossar_linked", None) if request is not None else None
        if linked is None:
            linked = set()
            if request is not None:
                request._glossar_linked = linked
        page = context.get("page")
        if page is not None and getattr(page, "slug", None) == "glossar":
            return self.nodelist.render(context)

        def build():
            before = set(linked)
            html = link_terms(self.nodelist.render(context), cached_terms(), linked)
            return html, tuple(sorted(linked - before))

        # Terms linked by an earlier part of the same page are not linked again: part of the key.
        key = content_cache.fragment_key(request, page, self, state="|".join(sorted(linked)))
        if key is None:
            html, _added = build()
        else:
            html, added = content_cache.cached(key, build)
            linked.update(added)
        return mark_safe(html)  # noqa: S308 - html comes from our templates and page content
