"""The architecture page's picture (docs/architecture/abhaengigkeiten.dot) is generated from the code and
must match it; the import contracts themselves run in `make lint` (lint-imports)."""

import importlib.util
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location(
        "dependency_graph", ROOT / "scripts" / "dependency_graph.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_dependency_graph_matches_the_code():
    script = load_script()
    committed = (ROOT / "docs" / "architecture" / "abhaengigkeiten.dot").read_text(encoding="utf-8")
    assert committed == script.dot(), "scripts/dependency_graph.py ausführen und das Ergebnis committen"


def test_every_app_package_is_in_a_layer():
    """A new app must be placed in the contracts (and so in the picture) before it lands."""
    script = load_script()
    packages, layer = script.layers()
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps <= set(packages), (
        f"nicht in [tool.importlinter] root_packages: {sorted(apps - set(packages))}"
    )
    assert set(layer.values()) == {"grundlage", "bereiche", "oben"}


def test_every_package_has_its_place_in_the_layers_contract():
    """The layers contract orders every root package exactly once (lint-imports checks the direction)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    placed = [name for layer in contract["layers"] for name in re.split(r"\s*[|:]\s*", layer)]
    assert len(placed) == len(set(placed)), "ein Paket steht in zwei Schichten"
    assert set(placed) == set(config["root_packages"])
