"""Demo and benchmark data live in the `demo` package, outside the app packages, and not in production."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

import demo
from demo import bench
from tests.accounts.test_production_settings import _env, _manage

ROOT = Path(__file__).resolve().parents[2]


def test_no_app_package_holds_demo_or_benchmark_data():
    own_apps = [config for config in apps.get_app_configs() if Path(config.path).parent == ROOT]
    assert own_apps
    found = [
        str(path.relative_to(ROOT))
        for config in own_apps
        if config.name != "demo"
        for path in Path(config.path).rglob("*.py")
        if path.stem in {"demo", "demo_context", "bench", "seed_demo"}
    ]
    assert found == []


def test_every_section_module_is_seeded_in_the_stated_order():
    modules = {path.stem for path in (ROOT / "demo").glob("*.py")} - {"__init__", "apps", "context", "pages"}
    assert set(demo.SECTIONS) == modules
    assert len(demo.SECTIONS) == len(set(demo.SECTIONS))
    bench_modules = {path.stem for path in (ROOT / "demo" / "bench").glob("*.py")} - {"__init__"}
    assert set(bench.SECTIONS) == bench_modules
    assert bench.SECTIONS[-1] == "audit"  # its entries point at the other sections' data


def test_demo_is_no_setting_and_installed_for_tests_only_here():
    assert not hasattr(settings, "DEMO_APPS")
    assert "demo" in settings.INSTALLED_APPS


def test_production_settings_do_not_install_the_demo():
    result = _manage("seed_demo", env=_env())
    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr
