"""Forms that the fuzzing gate (test_fuzzing.py) fills with generated input.

Each entry names the page by URL name (several candidates are allowed, the first one that exists is
used) and the role that may open it. The fields are not listed here: the gate opens the page, reads the
form inside <main> (inputs, selects, textareas, their types and options) and generates values per type.
`overrides` can pin a field to a strategy (a hypothesis strategy) when the generic one does not fit.

An entry whose URL names do not exist yet (an app not merged) is inactive: it is not collected. So the
entries for the invitation, upload, board, Meldung and newsletter forms are listed already and switch
on automatically when the app that provides them is merged. Add your app's forms here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class FormEntry:
    key: str  # test id
    url_names: tuple[str, ...]
    role: str = "mitglied"
    # URL kwargs: a function returning them (demo data), else the URL inventory's sample provider.
    kwargs: Callable[[], dict] | None = None
    overrides: dict = field(default_factory=dict)
    query: str = ""  # appended to the URL when the form is opened (e.g. "?q=Essen")

    def resolved_name(self) -> str | None:
        """The first URL name that exists in the URL conf (patterns only, no database)."""
        from tests.url_inventory import all_patterns

        names = {pattern.name for pattern in all_patterns()}
        for name in self.url_names:
            if name in names:
                return name
        return None

    def path(self) -> str:
        name = self.resolved_name()
        kwargs = self.kwargs() if self.kwargs else None
        if kwargs is None:
            from tests.url_inventory import SAMPLES, _register_builtin_samples

            _register_builtin_samples()
            kwargs = SAMPLES[name]() if name in SAMPLES else {}
        try:
            return reverse(name, kwargs=kwargs or None) + self.query
        except NoReverseMatch as exc:
            raise AssertionError(f"Form entry {self.key}: no sample kwargs for {name}") from exc


def _sample(app: str, provider: str) -> dict | None:
    """URL kwargs from an app's sample provider in tests/<app>/url_samples.py (demo data)."""
    import importlib

    return getattr(importlib.import_module(f"tests.{app}.url_samples"), provider)()


FORMS: list[FormEntry] = [
    FormEntry("profil", ("accounts:profil",)),
    FormEntry("suche", ("search",), query="?q=Essen"),
    # Foundation (accounts): invitations by the Geschäftsstelle and by an Ansprechpartner.
    FormEntry(
        "einladung",
        ("accounts:einladen", "accounts:einladung_neu", "accounts:invite", "accounts:einladungen"),
        role="ansprechpartner",
    ),
    FormEntry("verzeichnis", ("behoerden:list", "behoerden:index", "behoerden:liste")),
    # Files / media: upload metadata.
    FormEntry(
        "upload",
        ("dateien:upload", "dateien:hochladen", "fachgebiete:media_upload", "medien:upload"),
        role="redaktion",
    ),
    # Exchange board: a new post.
    FormEntry(
        "board-beitrag",
        (
            "austausch:beitrag_neu",
            "austausch:create",
            "austausch:neu",
            "austausch:post_create",
            "austausch:thema_neu",
        ),
        kwargs=lambda: {"slug": "allgemein"},
    ),
    # Exchange board: a reply on a thread page (the largest form in <main>: text, quote, attachments).
    FormEntry("board-antwort", ("austausch:thema",), kwargs=lambda: _sample("austausch", "_thema")),
    # Requests to the Geschäftsstelle (360°-Analyse / Informationsanfrage).
    FormEntry("anfrage", ("austausch:anfrage_neu",)),
    # Arbeitskreise: a meeting date, as the Geschäftsstelle (which manages every Arbeitskreis).
    FormEntry(
        "ak-sitzung",
        ("arbeitskreise:detail",),
        role="geschaeftsstelle",
        kwargs=lambda: _sample("arbeitskreise", "_slug"),
    ),
    # Lagebilder: a Meldung from a partner authority.
    FormEntry("meldung", ("lagebilder:meldung_neu", "lagebilder:meldung", "lagebilder:meldung_create")),
    # Newsletter: preferences of the person.
    FormEntry(
        "newsletter-einstellungen",
        ("newsletter:einstellungen", "newsletter:preferences", "newsletter:abo", "newsletter:profil"),
    ),
]


def active_forms() -> list[FormEntry]:
    return [entry for entry in FORMS if entry.resolved_name()]
