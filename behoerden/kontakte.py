"""The directory's part of a Fachgebiet page: its contacts (registered in BehoerdenConfig.ready)."""

from .access import is_listed


def fachgebiet_page_kontakte(user, page) -> list:
    """The page's contacts, each with `ansprechperson`: the person only while listed in the directory.

    Read on every request (deactivation and "not listed" take effect at once; they do not change the
    content generation)."""
    kontakte = list(page.kontakte.select_related("behoerde", "person"))
    for kontakt in kontakte:
        kontakt.ansprechperson = kontakt.person if kontakt.person and is_listed(kontakt.person) else None
    return kontakte
