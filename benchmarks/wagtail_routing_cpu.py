"""CPU time of the steps of Wagtail's page routing, each on its own (issue 12 part 5: the CMS pages).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_bench REDIS_URL=redis://127.0.0.1:6379/13 \
        DJANGO_SETTINGS_MODULE=siko_portal.settings.dev .venv/bin/python benchmarks/wagtail_routing_cpu.py

Wagtail's serve view (`Page.route_for_request`) looks up the Site for the request, fetches the site's
root page in its specific class and lets it route; `HomePage.route` then fetches the page that answers.
This prints the median and minimum CPU time (`time.process_time`) of each step, repeated `--runs` times
after a warm-up, so the cost of the framework's routing can be set against a page's whole CPU time
(`page_cpu.py`).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from glossary.models import GlossaryPage  # noqa: E402


def measure(label: str, step, runs: int) -> None:
    for _ in range(20):
        step()
    cpu = []
    for _ in range(runs):
        start = time.process_time()
        step()
        cpu.append((time.process_time() - start) * 1000)
    print(f"{label:<46}{statistics.median(cpu):>8.3f}{min(cpu):>8.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--host", default="127.0.0.1", help="Host header (page_cpu.py uses 127.0.0.1)")
    args = parser.parse_args()
    factory = RequestFactory(HTTP_HOST=args.host)
    glossary_pk = GlossaryPage.objects.values_list("pk", flat=True).first()
    user_pk = get_user_model().objects.values_list("pk", flat=True).first()
    print(f"{'Schritt':<46}{'Median':>8}{'Min':>8}  (CPU ms)")
    measure("RequestFactory.get (Vergleich)", lambda: factory.get("/glossar/"), args.runs)
    measure("Site.find_for_request", lambda: Site.find_for_request(factory.get("/glossar/")), args.runs)
    measure(
        "Site.find_for_request + root_page.specific",
        lambda: Site.find_for_request(factory.get("/")).root_page.specific,
        args.runs,
    )
    measure("GlossaryPage.objects.get(pk=…)", lambda: GlossaryPage.objects.get(pk=glossary_pk), args.runs)
    measure("Page.objects.get(pk=…)", lambda: Page.objects.get(pk=glossary_pk), args.runs)
    measure("User.objects.get(pk=…) (Vergleich)", lambda: get_user_model().objects.get(pk=user_pk), args.runs)


if __name__ == "__main__":
    main()
