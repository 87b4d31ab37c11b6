"""Demo data of the portal, outside the app packages: one module per section, seeded in `SECTIONS` order.

`manage.py seed_demo` (this package's management command) and the tests' `demo` fixture both call
`seed_all`. The package is an app (label "demo") only in the dev and test settings, for the command;
production settings do not install it. Benchmark data on top of the demo lives in `demo.bench`.
"""

import importlib

from django.db import transaction

# The sections whose demo module `demo.<section>` is seeded, in this order (later ones use earlier data).
SECTIONS = (
    "behoerden",
    "accounts",
    "fachgebiete",
    "startseite",
    "glossary",
    "praevention",
    "veranstaltungen",
    "arbeitskreise",
    "lagebilder",
    "austausch",
    "analysen",
    "erhebungen",
    "newsletter",
    "benachrichtigungen",
    "rechtliches",
    "foederation",
)


def seed_all(ctx):
    """Seed every section's demo (`demo.<section>.seed(ctx)`, each in its own transaction) and return ctx."""
    from portal import search_cache

    for section in SECTIONS:
        module = importlib.import_module(f"demo.{section}")
        with transaction.atomic():
            module.seed(ctx)
            # The seeds write with QuerySet.update and bulk_create too: no cached search answer survives.
            search_cache.changed()
    return ctx
