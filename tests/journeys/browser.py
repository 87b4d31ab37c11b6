"""A small HTTP "browser" for the journey test: cookies, the forms a page offers, and submitting them.

Forms are read from the HTML exactly as a browser would submit them (hidden fields incl. the CSRF
token, checked boxes, selected options, textarea contents); a journey then changes fields by value or
by the *label* of an option, so that it always sends what the rendered form offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


@dataclass
class Option:
    value: str
    label: str
    selected: bool


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    options: list[Option] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: dict[str, Field]
    submit: list[tuple[str, str]]  # named submit buttons (name, value)
    html_id: str = ""

    def data(self) -> dict[str, list[str]]:
        """What a browser sends without any change."""
        result: dict[str, list[str]] = {}
        for f in self.fields.values():
            if f.kind in ("checkbox", "radio", "select"):
                chosen = [o.value for o in f.options if o.selected]
                if f.kind == "select" and not chosen and f.options and not f.multiple:
                    chosen = [f.options[0].value]
                if f.kind == "checkbox" and not f.options and f.value:
                    chosen = []
                result[f.name] = chosen
            elif f.kind == "file":
                continue
            else:
                result[f.name] = [f.value]
        return result

    def option_values(self, name: str) -> list[str]:
        return [o.value for o in self.fields[name].options]

    def value_for_label(self, name: str, label: str) -> str:
        """The value of the option whose label contains `label` (as a person would pick it)."""
        matches = [o for o in self.fields[name].options if label.lower() in o.label.lower()]
        if not matches:
            offered = ", ".join(f"{o.label!r}={o.value!r}" for o in self.fields[name].options)
            raise AssertionError(f"Feld {name}: keine Option „{label}“ (angeboten: {offered})")
        return matches[0].value


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.depth_form = False
        self.select: Field | None = None
        self.option: dict | None = None
        self.textarea: Field | None = None
        self._last_choice: Option | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append(
                Form(
                    action=a.get("action", ""),
                    method=(a.get("method") or "get").lower(),
                    enctype=a.get("enctype", ""),
                    fields={},
                    submit=[],
                    html_id=a.get("id", ""),
                )
            )
            self.depth_form = True
            return
        if not self.depth_form:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image"):
                form.submit.append((name, a.get("value", "")))
                return
            if kind in ("button", "reset"):
                return
            f = form.fields.setdefault(name, Field(name=name, kind=kind))
            if kind in ("checkbox", "radio"):
                f.options.append(Option(a.get("value", "on"), "", "checked" in a))
                self._last_choice = f.options[-1]
            else:
                f.value = a.get("value", "")
        elif tag == "button" and name and (a.get("type") or "submit") == "submit":
            form.submit.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select = form.fields.setdefault(
                name, Field(name=name, kind="select", multiple="multiple" in a)
            )
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "label": "", "selected": "selected" in a}
        elif tag == "textarea" and name:
            self.textarea = form.fields.setdefault(name, Field(name=name, kind="textarea"))

    def handle_data(self, data):
        if self.option is not None:
            self.option["label"] += data
        elif self.textarea is not None:
            self.textarea.value += data
        elif (
            self.depth_form and self._last_choice is not None and data.strip() and not self._last_choice.label
        ):
            # Label text right after a checkbox/radio (Django renders <label><input> Text</label>).
            self._last_choice.label = data.strip()

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth_form = False
            self._last_choice = None
        elif tag == "option" and self.option is not None and self.select is not None:
            label = " ".join(self.option["label"].split())
            value = self.option["value"] if self.option["value"] is not None else label
            self.select.options.append(Option(value, label, self.option["selected"]))
            self.option = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # Django starts a textarea's content with a newline that browsers drop.
            if self.textarea.value.startswith("\n"):
                self.textarea.value = self.textarea.value[1:]
            self.textarea = None
        elif tag == "label":
            self._last_choice = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def error_messages(html: str) -> list[str]:
    """The form errors and error notices a page shows (Django's errorlist, portal messages)."""
    found = [
        (f"{field}: " if field else "", chunk)
        for field, chunk in re.findall(
            r'<ul class="errorlist[^"]*"(?:[^>]*?id="id_(\w+?)_error")?[^>]*>(.*?)</ul>', html, re.S
        )
    ]
    found += [
        ("", chunk) for chunk in re.findall(r'class="message message--error"[^>]*>(.*?)</p>', html, re.S)
    ]
    invalid = re.findall(r'<(?:input|select|textarea)[^>]*aria-invalid="true"[^>]*>', html)
    names = sorted({m for tag in invalid for m in re.findall(r'name="([^"]+)"', tag)})
    texts = []
    for prefix, chunk in found:
        text = " ".join(re.sub(r"<[^>]+>", " ", chunk).split())
        if text:
            texts.append(prefix + text)
    if names and not any(t.split(":")[0] in names for t in texts):
        texts.append("ungültige Felder: " + ", ".join(names))
    return texts


class Browser:
    """One person's HTTP session against the server (cookies kept, redirects not followed)."""

    def __init__(self, base_url: str, *, label: str, cookies: dict[str, str] | None = None):
        self.base_url = base_url
        self.label = label
        self.session = requests.Session()
        for name, value in (cookies or {}).items():
            self.session.cookies.set(name, value, domain="127.0.0.1", path="/")

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.url(path), allow_redirects=False, timeout=60, **kwargs)

    def page(self, path: str, *, expect: int = 200) -> requests.Response:
        response = self.get(path)
        assert response.status_code == expect, (
            f"{self.label}: GET {path} -> {response.status_code}, erwartet {expect}" + _brief(response)
        )
        return response

    def form(self, path: str, *, match=None) -> tuple[Form, requests.Response]:
        """Open a page and return its form: the first one for which match(form) is true, else the one
        inside <main> with the most fields."""
        response = self.page(path)
        forms = parse_forms(response.text)
        if match is not None:
            forms = [f for f in forms if match(f)]
        forms = [f for f in forms if "csrfmiddlewaretoken" in f.fields or f.method == "get"]
        assert forms, f"{self.label}: kein passendes Formular auf {path}"
        return max(forms, key=lambda f: len(f.fields)), response

    def submit(
        self,
        form: Form,
        page_path: str,
        *,
        changes: dict | None = None,
        files: dict | None = None,
        button: tuple[str, str] | None = None,
    ) -> requests.Response:
        """Send the form as a browser would, with `changes` (name -> value or list of values)."""
        data = form.data()
        for name, value in (changes or {}).items():
            data[name] = value if isinstance(value, list) else [value]
        if button:
            data[button[0]] = [button[1]]
        target = self.url(urljoin(page_path, form.action or page_path))
        pairs = [(name, value) for name, values in data.items() for value in values]
        if form.method == "get":
            return self.session.get(target, params=pairs, allow_redirects=False, timeout=60)
        return self.session.post(
            target,
            data=pairs,
            files=files or None,
            allow_redirects=False,
            timeout=120,
            headers={"Referer": self.url(page_path)},
        )


def _brief(response: requests.Response) -> str:
    if response.status_code in (301, 302, 303):
        return f" (Weiterleitung nach {response.headers.get('Location')})"
    errors = error_messages(response.text) if "html" in response.headers.get("content-type", "") else []
    if errors:
        return " — Fehler: " + " | ".join(errors[:5])
    title = re.search(r"<title>(.*?)</title>", response.text, re.S)
    return f" — Seite: {' '.join(title.group(1).split())}" if title else ""


def describe(response: requests.Response) -> str:
    """Status and, for error pages and re-shown forms, the messages on it (for failure reports)."""
    return f"{response.status_code}{_brief(response)}"
