from django import template
from django.utils.safestring import mark_safe

from glossary.autolink import link_terms
from glossary.models import cached_terms

register = template.Library()


@register.tag("glossar_links")
def do_glossar_links(parser, token):
    """{% glossar_links %}…page content…{% endglossar_links %}: link glossary terms (first occurrence per page).

    Page templates wrap it in `{% wagtailpagecache … content_generation %}`: the linked body is then
    rendered once per page state and content generation (a changed glossary term renders it anew).
    """
    nodelist = parser.parse(("endglossar_links",))
    parser.delete_first_token()
    return GlossarLinksNode(nodelist)


class GlossarLinksNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        page = context.get("page")
        if page is not None and getattr(page, "slug", None) == "glossar":
            return self.nodelist.render(context)
        # One set per template render: a term is linked once per page even across several parts.
        linked = context.render_context.setdefault("glossar_linked", set())
        html = link_terms(self.nodelist.render(context), cached_terms(), linked)
        return mark_safe(html)  # noqa: S308 - html comes from our templates and page content
