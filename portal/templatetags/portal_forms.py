"""`{% shared_form form %}` / `{% shared_form form "app/_fields.html" %}`: the form's HTML, shared for
unbound forms (see `portal.form_html`). The template gets only {"form": form}: no request, no CSRF token."""

from django import template

from portal.form_html import render_shared

register = template.Library()


@register.simple_tag
def shared_form(form, template_name=""):
    return render_shared(form, template_name or None)
