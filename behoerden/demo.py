from portal.demo_context import DemoContext

from .reference import load_reference_data


def seed(ctx: DemoContext) -> None:
    counts = load_reference_data()
    ctx.log("Referenzdaten: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
