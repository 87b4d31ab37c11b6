"""Helpers of the browser gates: a seeded demo behind the live server, login as a demo role, axe-core."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import browser_login
from tests.quality.conftest import ROLE_EMAILS
from tests.url_inventory import build_inventory, representative

# axe-core, self-hosted: the copy that ships with axe-playwright-python (no CDN).
import axe_playwright_python  # isort: skip

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Not pages: actions or documents without a layout.
SKIP_NAMES = {"account_logout", "health", "static", "mfa_download_recovery_codes"}


def login_as(page, base_url: str, role: str) -> None:
    from demo.context import DEMO_PASSWORD, demo_totp_secret

    email = ROLE_EMAILS[role]
    browser_login(page, base_url, email, DEMO_PASSWORD, demo_totp_secret(email))


def page_types(*, admin: bool = False):
    """One URL per URL name / Wagtail page type, portal pages only (or admin pages only)."""
    urls = representative(build_inventory(pages="per_type"))
    return [
        u for u in urls if u.name not in SKIP_NAMES and (u.kind == "admin") == admin and u.kind != "static"
    ]


def run_axe(
    page, *, tags: list[str] = WCAG_TAGS, enable: tuple[str, ...] = (), rules: tuple[str, ...] = ()
) -> list[dict]:
    """Run axe-core on the current page with the WCAG 2.1 A/AA rules (or `tags`, plus the rules named in
    `enable`, e.g. experimental ones; or only the rules named in `rules`); return the violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: not subject to the page's CSP, nothing is injected.
        page.evaluate(AXE_SOURCE)
    run_only = {"type": "rule", "values": list(rules)} if rules else {"type": "tag", "values": tags}
    result = page.evaluate(
        "async ([runOnly, enable]) => await axe.run(document, {runOnly, "
        "rules: Object.fromEntries(enable.map((id) => [id, {enabled: true}])), resultTypes: ['violations']})",
        [run_only, list(enable)],
    )
    return result["violations"]


def format_violations(path: str, violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        lines.append(f"{path}: {violation['id']} ({violation['impact']}) {violation['help']} — {targets}")
    return lines
