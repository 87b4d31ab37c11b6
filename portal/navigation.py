"""The seven sections of the portal, as named in the specification."""

from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("glossar", _("Glossar"), "/glossar/"),
    ("fachgebiete", _("Fachgebiete"), "/fachgebiete/"),
    ("behoerden", _("Behörden & Institutionen"), "/behoerden/"),
    ("austausch", _("Informationsaustausch"), "/austausch/"),
    ("lagebilder", _("Lagebilder"), "/lagebilder/"),
    ("newsletter", _("Newsletter"), "/newsletter/"),
    ("praevention", _("Prävention"), "/praevention/"),
]


def main_navigation(request):
    """Return the sections with the current one marked. Shared by every person: no permissions here."""
    path = request.path
    return [
        {"key": key, "label": label, "url": url, "current": path.startswith(url)}
        for key, label, url in SECTIONS
    ]
