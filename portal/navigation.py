"""The header navigation: every area of the portal in at most two clicks (a group, then its link).

`SECTIONS` are the seven sections the specification names (the start page lists them). `AREAS` groups
every area under the header's entries; `ADMIN_LINKS` are the management pages, shown to those whose role
opens them. Links are paths (no lookups per request) except the news index page, read from the shared
content cache.
"""

from dataclasses import dataclass

from django.urls import reverse
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


def _news_index_url() -> str:
    from .models import NewsIndexPage

    page = NewsIndexPage.objects.live().first()
    return (page.url or "") if page else ""


def news_index_url() -> str:
    """The Aktuelles page's URL ("" while there is none), from the shared content cache."""
    return content_cache.cached("portal:aktuelles-url", _news_index_url)


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


def main_navigation(request) -> list[NavGroup]:
    """Return the header's groups with the current link marked; management links by role."""
    path = request.path
    user = getattr(request, "user", None)
    groups = _areas()
    if user is not None and user.is_authenticated:
        admin = _admin_links(user)
        if admin:
            groups.append((_("Verwaltung"), admin))
    # The longest matching link is the current one (/erhebungen/lage/ is not also /erhebungen/).
    best = max(
        (url for _label, links in groups for _name, url in links if _is_current(path, url)),
        key=len,
        default=None,
    )
    return [
        NavGroup(
            label=str(label),
            links=tuple(NavLink(str(name), url, url == best) for name, url in links),
        )
        for label, links in groups
    ]
