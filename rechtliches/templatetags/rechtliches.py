from django import template

from ..models import Bestaetigung

register = template.Library()


@register.inclusion_tag("rechtliches/_bestaetigungen.html")
def bestaetigungen(person):
    """The person's confirmations of Nutzungsbedingungen and Merkblatt (for the person detail page)."""
    rows = Bestaetigung.objects.filter(user=person).select_related("regelwerk")[:20]
    return {"bestaetigungen": rows}
