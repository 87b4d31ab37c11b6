"""Benchmark data on top of the demo (benchmarks/seed_bench.py): one module per section with
`seed(scale: int) -> str`, called in `SECTIONS` order (the string is printed)."""

import importlib

# The audit log last: its entries point at the other sections' benchmark data.
SECTIONS = ("lagebilder", "austausch", "erhebungen", "audit")


def seed_all(scale: int):
    """Seed every section's benchmark data; yield (section, summary) as each finishes."""
    from portal import search_cache

    for section in SECTIONS:
        module = importlib.import_module(f"demo.bench.{section}")
        summary = module.seed(scale)
        search_cache.changed()  # bulk inserts and raw SQL send no signals
        yield section, summary
