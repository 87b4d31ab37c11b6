"""`{{ objekt|anzeige:"status" }}`: the label of a choice field, like `{{ objekt.get_status_display }}`.

Django's `get_<field>_display()` builds a dictionary of the field's choices and hashes every label on each
call, and hashing a lazily translated label translates it: a list of 40 rows with a status column runs the
translation machinery a few hundred times. This filter reads the labels from `portal.labels.field_label`,
translated once per model, field and language (`tests/portal/test_labels.py` compares both answers).
"""

from django import template

from portal.labels import field_label

register = template.Library()


@register.filter
def anzeige(instance, field_name):
    return field_label(instance, field_name)
