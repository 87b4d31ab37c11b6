"""URL helpers for lists that link every row to the same view."""

from django.urls import reverse


def url_prefix(view_name: str, *args, placeholder: str = "0") -> str:
    """Return the URL of `view_name` up to its last argument, e.g. /lagebilder/ for lagebilder:detail.

    A list appends each row's id itself: one `reverse()` per list instead of one per row. Like every
    `reverse()`, the result follows the active language and script prefix of the request.
    """
    return reverse(view_name, args=[*args, placeholder]).removesuffix(f"{placeholder}/")
