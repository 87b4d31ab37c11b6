from django import template
from django.utils.safestring import mark_safe

from glossary.autolink import cached_terms, link_terms

register = template.Library()


@register.tag("glossar_links")
def do_glossar_links(parser, token):
    """{% glossar_links %}…body HTML…{% endglossar_links %}: link glossary terms (first occurrence per page)."""
    nodelist = parser.parse(("endglossar_links",))
    parser.delete_first_token()
    return GlossarLinksNode(nodelist)


class GlossarLinksNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        request = context.get("request")
        # One set per request: a term is linked once per page even across several body fields.
        linked = getattr(request, "_glossar_linked", None) if request is not None else None
        if linked is None:
            linked = set()
            if request is not None:
                request._glossar_linked = linked
        page = context.get("page")
        if page is not None and getattr(page, "slug", None) == "glossar":
            return html
        return mark_safe(link_terms(html, cached_terms(), linked))  # noqa: S308 - html comes from our templates
