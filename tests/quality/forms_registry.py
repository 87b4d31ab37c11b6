"""Forms that the fuzzing gate (test_fuzzing.py) fills with generated input.

Each entry names the page by URL name (several candidates are allowed, the first one that exists is
used) and the role that may open it. The fields are not listed here: the gate opens the page, reads the
form inside <main> (inputs, selects, textareas, their types and options) and generates values per type.
`overrides` can pin a field to a strategy (a hypothesis strategy) when the generic one does not fit.

Every entry must resolve (`test_every_registered_form_is_active`): a renamed URL fails the gate instead
of silently switching the fuzzing off. Add your app's forms here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from hypothesis import strategies as st


@dataclass(frozen=True)
class FormEntry:
    key: str  # test id
    url_names: tuple[str, ...]
    role: str = "mitglied"  # a key of tests.quality.conftest.ROLE_EMAILS, or a demo account's email
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


# Search input people and attackers type (issue #17): every one must give a normal German results page.
SEARCH_INPUT = st.one_of(
    st.sampled_from(
        [
            "",
            "und der die das",
            "x" * 10_000,
            "Glücksspiel " * 900,
            "'; DROP TABLE accounts_user; --",
            "<script>alert(1)</script>",
            "> **Zitat** [Link](javascript:alert(1))",
            "%",
            "_",
            "%_%\\",
            '"Kowalski',
            "Shisha:* & !Bar | (",
            "😀🔍 Glücksspiel",
            "تقرير الوضع",
            "\u202eKowalsky\u202c",
            "\x00",
        ]
    ),
    st.text(max_size=300),
)


def _sample(app: str, provider: str) -> dict | None:
    """URL kwargs from an app's sample provider in tests/<app>/url_samples.py (demo data)."""
    import importlib

    return getattr(importlib.import_module(f"tests.{app}.url_samples"), provider)()


FORMS: list[FormEntry] = [
    FormEntry("profil", ("accounts:profil",)),
    FormEntry("suche", ("search",), query="?q=Essen", overrides={"q": SEARCH_INPUT}),
    # The results page with its section filter and sort (shown once something is found).
    FormEntry(
        "suche-ergebnisse",
        ("search",),
        role="geschaeftsstelle",
        query="?q=Gl%C3%BCcksspiel&sortierung=datum",
        overrides={"q": SEARCH_INPUT},
    ),
    # Foundation (accounts): invitations by the Geschäftsstelle and by an Ansprechpartner.
    FormEntry("einladung", ("accounts:einladen",), role="ansprechpartner"),
    FormEntry("identitaetsanbieter", ("foederation:neu",), role="geschaeftsstelle"),
    FormEntry("verzeichnis", ("behoerden:list",)),
    # Upload metadata: a new Lagebild with its file (content-checked upload pipeline).
    FormEntry("upload", ("lagebilder:neu",)),
    # Exchange board: a new thread with its first post.
    FormEntry("board-beitrag", ("austausch:thema_neu",), kwargs=lambda: {"slug": "allgemein"}),
    # Exchange board: a reply on a thread page (the largest form in <main>: text, quote, attachments).
    FormEntry("board-antwort", ("austausch:thema",), kwargs=lambda: _sample("austausch", "_thema")),
    # Arbeitskreise: a meeting date, as the Geschäftsstelle (which manages every Arbeitskreis).
    FormEntry(
        "ak-sitzung",
        ("arbeitskreise:detail",),
        role="geschaeftsstelle",
        kwargs=lambda: _sample("arbeitskreise", "_slug"),
    ),
    # Requests to the Geschäftsstelle (360°-Analyse, information request).
    FormEntry("anfrage", ("anfragen:neu",)),
    # 360°-Analysen: opening a case (Geschäftsstelle) and a contribution (a named person of Essen).
    FormEntry("analyse-eroeffnen", ("analysen:neu",), role="geschaeftsstelle"),
    FormEntry(
        "analyse-beitrag", ("analysen:beitrag",), kwargs=lambda: _sample("analysen", "_open_case_kwargs")
    ),
    # Erhebungen: the own authority's Meldung in the open campaign (figures in German notation).
    FormEntry("meldung", ("erhebungen:meldung",), kwargs=lambda: _own_meldung("mitglied")),
    # Prävention: a measure proposed by the Ansprechpartner of a Kommune.
    FormEntry("massnahme", ("praevention:create",), role="ansprechpartner@gelsenkirchen.de"),
    # Newsletter: preferences of the person.
    FormEntry("newsletter-einstellungen", ("newsletter:einstellungen",)),
    # Notifications: how the person wants to be told.
    FormEntry("benachrichtigungen-einstellungen", ("benachrichtigungen:einstellungen",)),
    # Rechtliches: feedback on barriers, and the confirmation of the Nutzungsbedingungen and Merkblatt.
    FormEntry("barrierefreiheit-rueckmeldung", ("rechtliches:barrierefreiheit",)),
    FormEntry("regelwerk-bestaetigen", ("rechtliches:bestaetigen",)),
]


def _own_meldung(role: str) -> dict:
    """The Meldung of the role's authority in the open demo campaign (created as the portal would)."""
    from accounts.models import User
    from erhebungen.models import Erhebung
    from erhebungen.services import meldung_get_or_create
    from tests.quality.conftest import ROLE_EMAILS

    user = User.objects.select_related("behoerde").get(email=ROLE_EMAILS[role])
    erhebung = Erhebung.objects.filter(status=Erhebung.Status.OFFEN, behoerden=user.behoerde).first()
    assert erhebung is not None, "the demo has no open campaign for the Mitglied's authority"
    return {"pk": meldung_get_or_create(erhebung=erhebung, behoerde=user.behoerde).pk}


def active_forms() -> list[FormEntry]:
    return [entry for entry in FORMS if entry.resolved_name()]
