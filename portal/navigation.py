"""The header navigation: every area of the portal in at most two clicks (a group, then its link).

`SECTIONS` are the seven sections the specification names (the start page lists them). `AREAS` groups
every area under the header's entries; `ADMIN_LINKS` are the management pages, shown to those whose role
opens them. Links are paths (no lookups per request) except the news index page, read from the
content cache (kept per process under the generation).

The header renders the groups twice (the wide navigation and the phone menu), the same for everybody with
the same roles on the same area. `base.html` keeps the whole header of a signed-in person as `{% cache %}`
fragments in the process-local cache `FRAGMENT_CACHE` (settings.CACHES, Django's LocMemCache), varied on
`header_variant(request)`: `navigation_variant(request)` — the content generation (the Aktuelles page's
URL; `portal.content_cache`), the language, the script prefix, the role flags that select the management
links and the link marked as current — and the account links' shown values (name, email, authority, CMS
link). The release id is the cache's KEY_PREFIX, as everywhere. On a hit neither the groups nor any URL is
built; the list of the links' URLs that finds the current one is kept under the navigation variant
without the current link.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import caches
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import content_cache

SECTIONS = [
    ("glossar", _("Glossar"), "/glossar/"),
    ("fachgebiete", _("Fachgebiete"), "/fachgebiete/"),
    ("behoerden", _("Behörden & Institutionen"), "/behoerden/"),
    ("austausch", _("Informationsaustausch"), "/austausch/"),
    ("lagebilder", _("Lagebilder"), "/lagebilder/"),
    ("newsletter", _("Newsletter"), "/newsletter/"),
    ("praevention", _("Prävention"), "/praevention/"),
]

# How people name the sections (start page, newsletter); keys are the section keys of news items.
SECTION_NAMES = {
    "glossar": _("Glossar"),
    "fachgebiete": _("Fachgebiete"),
    "behoerden": _("Behörden & Institutionen"),
    "austausch": _("Informationsaustausch"),
    "arbeitskreise": _("Arbeitskreise"),
    "lagebilder": _("Lagebilder"),
    "erhebungen": _("Erhebungen"),
    "newsletter": _("Newsletter"),
    "praevention": _("Prävention"),
    "veranstaltungen": _("Fachveranstaltungen"),
    "aktuelles": _("Aktuelles"),
}


def section_name(key: str) -> str:
    """The section's name as people say it; a label that is already a name stays as it is."""
    return str(SECTION_NAMES.get(key, key))


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class NavGroup:
    label: str
    links: tuple[NavLink, ...]

    @property
    def url(self) -> str:
        return self.links[0].url

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)

    @property
    def single(self) -> bool:
        return len(self.links) == 1


# The Aktuelles page's URL, or "" while there is none: registered by the app that owns the page type
# (startseite), so that the core knows no page model.
_news_index_lookup: Callable[[], str] = str


def register_news_index(lookup: Callable[[], str]) -> None:
    """Tell the navigation how to find the Aktuelles page's URL (read once per content generation)."""
    global _news_index_lookup
    _news_index_lookup = lookup


def news_index_url() -> str:
    """The Aktuelles page's URL ("" while there is none), kept per process under the content generation."""
    return content_cache.cached("portal:aktuelles-url", _news_index_lookup, local=True)


def _areas() -> list[tuple[str, list[tuple[str, str]]]]:
    aktuelles = news_index_url()
    return [
        (_("Glossar"), [(_("Glossar"), "/glossar/")]),
        (_("Fachgebiete"), [(_("Fachgebiete"), "/fachgebiete/")]),
        (
            _("Behörden & Institutionen"),
            [
                (_("Behörden & Institutionen"), reverse("behoerden:list")),
                (_("Das Ruhrgebiet: Kreise und Gemeinden"), reverse("behoerden:region")),
            ],
        ),
        (
            _("Informationsaustausch"),
            [
                (_("Informationsaustausch"), reverse("austausch:index")),
                (_("Arbeitskreise"), reverse("arbeitskreise:list")),
                (_("Anfragen an die Geschäftsstelle"), reverse("anfragen:liste")),
                (_("360°-Analysen"), reverse("analysen:uebersicht")),
            ],
        ),
        (
            _("Lagebilder"),
            [
                (_("Lagebilder"), reverse("lagebilder:liste")),
                (_("Erhebungen"), reverse("erhebungen:index")),
                (_("Gesamtlagedarstellung"), reverse("erhebungen:lage")),
            ],
        ),
        (
            _("Prävention"),
            [
                (_("Prävention"), "/praevention/"),
                (_("Maßnahmenkatalog"), reverse("praevention:list")),
            ],
        ),
        (
            _("Aktuelles"),
            [(_("Aktuelles"), aktuelles)] * bool(aktuelles)
            + [
                (_("Fachveranstaltungen"), reverse("veranstaltungen:kalender")),
                (_("Newsletter"), reverse("newsletter:archiv")),
            ],
        ),
    ]


def _admin_links(user) -> list[tuple[str, str]]:
    links = []
    if user.is_redaktion:
        links.append((_("Redaktionssystem (CMS)"), reverse("wagtailadmin_home")))
    if user.is_geschaeftsstelle or user.is_ansprechpartner:
        links += [(_("Personen"), reverse("accounts:personen")), (_("Protokoll"), reverse("audit:liste"))]
    if user.is_redaktion:
        links += [
            (_("Newsletter-Verwaltung"), reverse("newsletter:verwaltung")),
            (_("Maßnahmen prüfen"), reverse("praevention:pruefung")),
        ]
    if user.is_geschaeftsstelle:
        links += [
            (_("Anfragen bearbeiten"), reverse("anfragen:verwaltung")),
            (_("Gemeldete Beiträge"), reverse("austausch:meldungen")),
            (_("Indikatoren der Erhebungen"), reverse("erhebungen:indikatoren")),
            (_("Rückmeldungen zur Barrierefreiheit"), reverse("rechtliches:rueckmeldungen")),
            (_("Anmeldung über Behörden (SAML/OIDC)"), reverse("foederation:liste")),
        ]
    return links


def _is_current(path: str, url: str) -> bool:
    return url == path if url == "/" else path.startswith(url)


def _current_url(path: str, urls) -> str | None:
    # The longest matching link is the current one (/erhebungen/lage/ is not also /erhebungen/).
    return max((url for url in urls if _is_current(path, url)), key=len, default=None)


def _groups(user) -> list[tuple[str, list[tuple[str, str]]]]:
    groups = _areas()
    if user is not None and user.is_authenticated:
        admin = _admin_links(user)
        if admin:
            groups.append((_("Verwaltung"), admin))
    return groups


# Process-local (settings.CACHES): the generation, read once per request from the shared cache, is in every
# key, so a change anywhere reaches every process at once; entries of old generations simply expire.
FRAGMENT_CACHE = content_cache.LOCAL_CACHE
FRAGMENT_TIMEOUT = 30 * 60


def _role_flags(user) -> str:
    """The facts about the person that `_groups` reads (which management links they get)."""
    if user is None or not user.is_authenticated:
        return "-"
    return "".join(
        "1" if flag else "0"
        for flag in (user.is_redaktion, user.is_geschaeftsstelle, user.is_ansprechpartner)
    )


def navigation_variant(request) -> str:
    """Everything the header navigation's HTML depends on besides the release: the vary-on value of its
    `{% cache %}` fragments in base.html."""
    user = getattr(request, "user", None)
    variant = "|".join(
        (content_cache.generation(), get_language() or "", get_script_prefix(), _role_flags(user))
    )
    urls_key = "portal:navigation-urls:" + hashlib.sha256(variant.encode()).hexdigest()
    cache = caches[FRAGMENT_CACHE]
    urls = cache.get(urls_key)
    if urls is None:
        urls = sorted({url for _label, links in _groups(user) for _name, url in links})
        cache.set(urls_key, urls, FRAGMENT_TIMEOUT)
    return f"{variant}|{_current_url(request.path, urls) or ''}"


def header_variant(request) -> str:
    """Everything the signed-in header's cached HTML depends on besides the release: the navigation's
    variant and what the account links show (the vary-on value of the header's fragments in base.html)."""
    user = request.user
    behoerde = user.behoerde if user.behoerde_id else None
    shown = (
        user.get_full_name(),
        user.email,
        user.behoerde_id,
        behoerde.name if behoerde else "",
        user.is_redaktion,
    )
    return repr((navigation_variant(request), shown))


def main_navigation(request) -> list[NavGroup]:
    """Return the header's groups with the current link marked; management links by role."""
    groups = _groups(getattr(request, "user", None))
    best = _current_url(request.path, [url for _label, links in groups for _name, url in links])
    return [
        NavGroup(
            label=str(label),
            links=tuple(NavLink(str(name), url, url == best) for name, url in links),
        )
        for label, links in groups
    ]
