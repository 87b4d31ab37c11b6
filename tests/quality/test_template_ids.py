"""Ids written into templates are never localized.

The portal renders numbers the German way (`USE_THOUSAND_SEPARATOR`): a primary key of 1752 would become
"1.752" in an anchor, a form value or a link, which then points nowhere. Every `{{ ….pk }}` / `{{ ….id }}`
in a template therefore goes through `|unlocalize` (or another filter that writes the digits as they are).
"""

import re
from pathlib import Path

from django.template import Context, Template

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
BARE_ID = re.compile(r"\{\{\s*[\w.]+\.(?:pk|id)\s*\}\}")
# Values that are HTML id strings already (allauth's radio choices, a widget's id attribute).
STRING_IDS = ("radio.id", "attrs.id")


def test_no_template_writes_a_bare_id():
    bare = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in BARE_ID.finditer(path.read_text(encoding="utf-8"))
        if not match.group(0).strip("{} ").endswith(STRING_IDS)
    ]
    assert bare == []


def test_unlocalize_keeps_the_digits_of_a_large_id(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    html = Template('{% load l10n %}<tr id="person-{{ p.pk|unlocalize }}">{{ p.pk }}').render(
        Context({"p": {"pk": 1752}})
    )
    assert html == '<tr id="person-1752">1.752'
