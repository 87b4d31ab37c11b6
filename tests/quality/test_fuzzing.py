"""Generated input into every form of the portal never produces a server error.

The forms come from `forms_registry.FORMS` (entries switch on when their URL exists). For each one the
page is opened as the entry's role, the form inside <main> is read from the HTML, and hypothesis fills
every field with values of the field's type plus hostile strings (markup, SQL, NUL bytes, very long
text, odd Unicode). Every answer must be below 500.
"""

import os
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.quality.conftest import role_client
from tests.quality.forms_registry import active_forms

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "%00",
    "\x00",
    "a\x00b",
    "../../../../etc/passwd",
    "{{ request }}{% debug %}",
    "𝕊𝕚𝕂𝕠 🚓 Ümläüte ß",
    "\u202e\u200b\ufeff",
    "x" * 5000,
    "ä" * 20000,
    "-1",
    "9" * 40,
    "²",  # str.isdigit() is true for these two, int() refuses them
    "①",
    "1e309",
    "NaN",
    "2026-02-30",
    "null",
    "[]",
]
TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
)


class FormParser(HTMLParser):
    """Collect the fields of the forms inside <main>: name, kind, options, current value."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_main = False
        self.forms: list[dict] = []
        self.select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action") or "",
                    "fields": {},
                }
            )
        elif not self.forms:
            return
        elif tag in ("input", "textarea") and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower() if tag == "input" else "textarea"
            if kind in ("submit", "button", "reset", "image"):
                return
            field = self.forms[-1]["fields"].setdefault(
                attrs["name"], {"kind": kind, "options": [], "value": attrs.get("value", "")}
            )
            if kind in ("radio", "checkbox") and attrs.get("value") is not None:
                field["options"].append(attrs["value"])
        elif tag == "select" and attrs.get("name"):
            self.select = self.forms[-1]["fields"].setdefault(
                attrs["name"], {"kind": "select", "options": [], "value": "", "multiple": "multiple" in attrs}
            )
        elif tag == "option" and self.select is not None:
            self.select["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if tag == "select":
            self.select = None


def main_form(html: str, path: str) -> dict:
    parser = FormParser()
    parser.feed(html)
    own = [f for f in parser.forms if f["action"] in ("", path.split("?")[0], ".")]
    forms = own or parser.forms
    assert forms, f"no form inside <main> on {path}"
    return max(forms, key=lambda f: len(f["fields"]))


def strategy_for(field: dict):
    kind, options = field["kind"], field["options"]
    if kind == "hidden":
        return st.one_of(st.just(field["value"]), st.just(field["value"]), TEXT)
    if kind in ("select", "radio", "checkbox") and options:
        choice = st.one_of(st.sampled_from(options), TEXT)
        if kind == "checkbox" or field.get("multiple"):
            return st.lists(choice, max_size=3)
        return choice
    if kind == "checkbox":
        return st.sampled_from(["on", "", "1", "nein"])
    if kind == "number":
        return st.one_of(st.integers(min_value=-(10**12), max_value=10**12).map(str), TEXT)
    if kind == "email":
        return st.one_of(st.emails(), TEXT)
    if kind in ("date", "datetime-local", "time"):
        return st.one_of(st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()), TEXT)
    if kind == "file":
        return st.builds(
            lambda name, content: SimpleUploadedFile(name, content),
            st.one_of(
                st.sampled_from(["bericht.pdf", "x.exe", "../../a.pdf", "a" * 300 + ".pdf", ".pdf"]),
                # A name that is only a folder ("/", "a/..") cannot be sent: Django's test file refuses it.
                TEXT.filter(lambda name: os.path.basename(name) not in {"", ".", ".."}),
            ),
            st.binary(max_size=2048),
        )
    return TEXT


def _payload(data, fields: dict, overrides: dict) -> dict:
    payload = {}
    for name, field in fields.items():
        strategy = overrides[name] if name in overrides else strategy_for(field)
        # Sometimes leave a field out entirely, as a hand-made request would.
        if data.draw(st.integers(min_value=0, max_value=9), label=f"omit {name}") == 0:
            continue
        payload[name] = data.draw(strategy, label=name)
    return payload


@pytest.mark.parametrize("entry", active_forms(), ids=lambda entry: entry.key)
def test_generated_input_never_causes_a_server_error(demo, entry):
    client = role_client(entry.role)
    path = entry.path()
    page = client.get(path)
    assert page.status_code == 200, f"{entry.key}: {path} answers {page.status_code} for {entry.role}"
    form = main_form(page.content.decode(), path)
    target = form["action"] or path.split("?")[0]
    failures = []

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.data())
    def run(data):
        payload = _payload(data, form["fields"], entry.overrides)
        if form["method"] == "post":
            response = client.post(target, payload)
        else:
            flat = {k: v for k, v in payload.items() if not isinstance(v, SimpleUploadedFile)}
            response = client.get(target, flat)
        if response.status_code >= 500:
            failures.append((payload, response.status_code))
        assert response.status_code < 500, f"{entry.key}: {response.status_code} for {payload!r}"[:2000]

    run()
    assert not failures


def test_every_registered_form_is_active():
    """A renamed URL must fail here, not switch its form's fuzzing off without a word."""
    from tests.quality.forms_registry import FORMS

    assert [entry.key for entry in FORMS if not entry.resolved_name()] == []
    assert {"einladung", "profil", "suche", "upload", "board-beitrag", "meldung", "anfrage"} <= {
        entry.key for entry in active_forms()
    }


def test_form_parser_reads_fields_of_the_main_form():
    html = """<header><form action="/suche/"><input name="q"></form></header><main>
    <form method="post"><input type="hidden" name="t" value="1"><input name="name">
    <select name="art"><option value="">-</option><option value="zoll">Zoll</option></select>
    <input type="checkbox" name="ja"><textarea name="text"></textarea><button>OK</button></form></main>"""
    form = main_form(html, "/x/")
    assert form["method"] == "post"
    assert set(form["fields"]) == {"t", "name", "art", "ja", "text"}
    assert form["fields"]["art"]["options"] == ["", "zoll"]
