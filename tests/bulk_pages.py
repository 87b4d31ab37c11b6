"""Tree paths for bulk-inserted Wagtail pages (tests and benchmarks insert thousands without signals)."""

from wagtail.models import Page


def child_path(parent_path: str, position: int) -> str:
    """The materialised path of the `position`-th child (1-based) below `parent_path`, as treebeard
    writes it: the position in base 36 with Page.alphabet, padded to Page.steplen characters."""
    alphabet, digits = Page.alphabet, ""
    while position:
        position, remainder = divmod(position, len(alphabet))
        digits = alphabet[remainder] + digits
    return parent_path + digits.rjust(Page.steplen, alphabet[0])
