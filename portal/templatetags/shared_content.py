from django import template
from django.utils.safestring import mark_safe

from portal import content_cache

register = template.Library()


@register.tag("shared_content")
def do_shared_content(parser, token):
    """{% shared_content [value …] %}…{% endshared_content %}: a part of a page template that shows only the
    page's own content, the same for everybody (never anything that depends on the person). For a live
    page it is rendered once per content generation (and per combination of the given values, e.g. a
    validated page number) and then served from the shared cache (portal.content_cache); lazy querysets
    inside it are then not evaluated at all."""
    values = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endshared_content",))
    parser.delete_first_token()
    return SharedContentNode(nodelist, values)


class SharedContentNode(template.Node):
    def __init__(self, nodelist, values=()):
        self.nodelist = nodelist
        self.values = values

    def render(self, context):
        state = "|".join(str(value.resolve(context)) for value in self.values)
        key = content_cache.fragment_key(context.get("request"), context.get("page"), self, state=state)
        if key is None:
            return self.nodelist.render(context)
        return mark_safe(content_cache.cached(key, lambda: str(self.nodelist.render(context))))  # noqa: S308
