"""The phone checks (issue 16) of the browser pass over every page type (tests/quality/test_every_page_type.py),
at 360 × 740 and 390 × 844; also used by the analysen phone test.

Per page type and width: no horizontal scrolling (`scrollWidth <= innerWidth`), `<main>` starts in the
first quarter of the screen, axe-core reports no violation, every interactive element in the header and
`<main>` is at least 24 × 24 CSS px (WCAG 2.5.8; links inside a sentence are exempt as the criterion
allows; targets below 44 × 44 px, WCAG 2.5.5, are printed, not counted), filter forms are
folded under a closed <details>.

The page is loaded once (at desktop width, for the desktop checks) and the viewport is resized to each
phone: the portal's layout is CSS only, no script reads the width, so a resize gives the layout a load at
that width gives. axe runs in full (WCAG 2.1 A/AA, plus WCAG 2.2 AA target-size and the orientation rule)
at 360 px, the narrowest and hardest width, and at 390 px the rules whose result can change with the
width (AXE_WIDTH_RULES): both widths fall in the same CSS breakpoints, so the other rules see the same
document. Put 390 into `FULL_AXE_WIDTHS` to run the full set there too.
"""

import re
from pathlib import Path

from tests.quality.browser import WCAG_TAGS, run_axe

PHONES = {360: 740, 390: 844}
ROLES = ["mitglied", "redaktion", "geschaeftsstelle"]
SCREENSHOTS = Path("var/phone")
# WCAG 2.1 A/AA, plus WCAG 2.2 AA (target-size, 2.5.8) and the orientation rule (1.3.4), experimental in axe.
AXE_TAGS = [*WCAG_TAGS, "wcag22aa"]
AXE_ENABLE = ("css-orientation-lock",)
# At the second width only the rules whose result can change with the width of the screen (touch target
# size and spacing, scroll regions, orientation, zoom, text spacing): the others (contrast, names, labels,
# structure) see the same document as at 360 px and cost most of axe's time.
AXE_WIDTH_RULES = (
    "target-size",
    "scrollable-region-focusable",
    "css-orientation-lock",
    "meta-viewport",
    "avoid-inline-spacing",
)
FULL_AXE_WIDTHS = frozenset({360})
# Not reached by a person: Wagtail's bare login form for private pages (the portal links /konto/login/,
# WAGTAIL_FRONTEND_LOGIN_URL) has no portal layout.
NOT_PORTAL_PAGES = {"wagtailcore_login"}
# Pages without the portal layout, checked for width, axe and targets but without a <main>: the newsletter
# preview shows the e-mail exactly as it is sent.
WITHOUT_MAIN = {"newsletter:vorschau"}
MIN_TARGET = 24  # WCAG 2.5.8 (AA)
GOAL_TARGET = 44  # WCAG 2.5.5 (AAA), the portal's goal

# Layout facts of the loaded page: horizontal overflow (and the widest culprits), where <main> starts, and
# the size of each visible interactive element in the header and <main>.
MEASURE_JS = """
([minTarget, goalTarget]) => {
  const vw = window.innerWidth, vh = window.innerHeight;
  const main = document.querySelector('main');
  const wide = [];
  if (document.documentElement.scrollWidth > vw) {
    // What makes the page wider than the screen: the outermost boxes beyond the right edge, else the
    // innermost elements whose content (a long word, a wide child) runs out of them. Scroll containers
    // (a .table-wrap) keep their content; what is inside them is not a culprit.
    const inScroller = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const visible = [...document.querySelectorAll('body *')].filter((el) => el.checkVisibility() && !inScroller(el));
    for (const el of visible) {
      const r = el.getBoundingClientRect();
      const parent = el.parentElement.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 1 && parent.right <= vw + 1) wide.push(describe(el) + ` (${Math.round(r.right)} px)`);
    }
    if (!wide.length) {
      for (const el of visible) {
        if (getComputedStyle(el).overflowX !== 'visible' || el.scrollWidth <= el.clientWidth + 1) continue;
        const r = el.getBoundingClientRect();
        if (r.left + el.scrollWidth <= vw + 1) continue;
        const deeper = [...el.children].some((c) => c.checkVisibility() && c.getBoundingClientRect().left + c.scrollWidth > vw + 1);
        if (!deeper) wide.push(describe(el) + ` (content to ${Math.round(r.left + el.scrollWidth)} px)`);
      }
    }
  }
  function describe(el) {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + [...el.classList].join('.');
    if (el.getAttribute('name')) s += `[name=${el.getAttribute('name')}]`;
    const text = (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 30);
    return text ? `${s} "${text}"` : s;
  }
  function inSentence(el) {
    // WCAG 2.5.8 inline exception: a link that is part of running text.
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (!block) return false;
    const own = (el.innerText || '').trim().length;
    const all = (block.innerText || '').trim().length;
    return all - own > 10;
  }
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
  const small = [], belowGoal = [];
  for (const el of document.querySelectorAll(`header ${sel.split(', ').join(', header ')}, main ${sel.split(', ').join(', main ')}`)) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || !el.checkVisibility({visibilityProperty: true})) continue;
    if (inSentence(el)) continue;
    const size = `${Math.round(r.width)}×${Math.round(r.height)}`;
    if (r.width < minTarget || r.height < minTarget) small.push(`${describe(el)} ${size}`);
    else if (r.width < goalTarget || r.height < goalTarget) belowGoal.push(`${describe(el)} ${size}`);
  }
  // Filter forms (GET forms in <main> other than a search) must be folded under a closed <details>.
  const unfolded = [...document.querySelectorAll('main form[method=get]:not([role=search])')]
    .filter((form) => { const d = form.closest('details'); return !d || d.open; }).map(describe);
  return {
    unfolded,
    scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, innerHeight: vh,
    mainTop: main ? main.getBoundingClientRect().top + window.scrollY : null,
    wide: wide.slice(0, 6), small, belowGoal,
  };
}
"""


def shot_name(url) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", url.name).strip("-") or "seite"


def layout_problems(facts: dict, *, needs_main: bool = True) -> list[str]:
    """The failed layout checks of a page measured with MEASURE_JS."""
    failed = []
    if facts["scrollWidth"] > facts["innerWidth"]:
        failed.append(
            f"horizontal scroll: scrollWidth {facts['scrollWidth']} > {facts['innerWidth']}; "
            f"too wide: {', '.join(facts['wide']) or '?'}"
        )
    if facts["mainTop"] is None:
        if needs_main:
            failed.append("no <main>")
    elif facts["mainTop"] >= 0.25 * facts["innerHeight"]:
        failed.append(f"<main> starts at y={facts['mainTop']:.0f} (≥ 25 % of {facts['innerHeight']})")
    if facts["unfolded"]:
        failed.append("filter form not folded under a closed <details>: " + ", ".join(facts["unfolded"]))
    if facts["small"]:
        failed.append(f"touch targets < {MIN_TARGET} px: " + "; ".join(facts["small"][:8]))
    return failed


def axe_problems(page, width: int) -> list[str]:
    if width in FULL_AXE_WIDTHS:
        violations = run_axe(page, tags=AXE_TAGS, enable=AXE_ENABLE)
    else:
        violations = run_axe(page, rules=AXE_WIDTH_RULES)
    return [
        f"axe {v['id']}: {v['help']} — " + ", ".join(str(node["target"]) for node in v["nodes"][:4])
        for v in violations
    ]


def check_width(page, width: int, *, needs_main: bool) -> tuple[list[str], dict]:
    """Set the viewport to the phone of `width` and check the loaded page: layout facts and axe-core."""
    page.set_viewport_size({"width": width, "height": PHONES[width]})
    facts = page.evaluate(MEASURE_JS, [MIN_TARGET, GOAL_TARGET])
    return layout_problems(facts, needs_main=needs_main) + axe_problems(page, width), facts
