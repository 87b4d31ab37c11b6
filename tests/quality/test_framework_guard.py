"""Project code uses only the public APIs of Django, Wagtail, allauth, Celery, guardian and redis-py.

Private names (`_x`), allauth's `internal` modules and runtime patches of framework classes and modules
change without notice in any release; a portal that leans on them breaks on the next upgrade, often
silently (a patched method that the new release no longer calls). The checker is
tests/quality/framework_guard.py.

Tests and benchmarks are checked too: they break on upgrades the same way, and helpers written for
tests get copied into app code (the TOTP helper of tests/conftest.py lives on in demo/accounts.py).
`monkeypatch.setattr` stays allowed: pytest undoes it after the test.
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.quality.framework_guard import apply_allowlist, check_source, check_tree, project_files

ROOT = Path(settings.BASE_DIR)

# Exceptions that are truly needed: "<path>: <what the checker reports>" -> reason. Keep it empty unless
# there is no public way; an entry that matches nothing any more fails the test.
ALLOWLIST: dict[str, str] = {}


def test_project_code_uses_only_public_framework_apis():
    violations, stale = apply_allowlist(check_tree(ROOT), ALLOWLIST)
    assert not stale, "Allowlist entries that match nothing any more (remove them):\n  " + "\n  ".join(stale)
    assert not violations, "Private framework API used:\n  " + "\n  ".join(str(v) for v in violations)


def test_the_guard_reads_the_project_but_not_the_virtualenv_or_migrations():
    files = {str(path.relative_to(ROOT)) for path in project_files(ROOT)}
    assert "portal/access.py" in files
    assert "tests/conftest.py" in files
    assert "benchmarks/prepare_sessions.py" in files
    assert not [f for f in files if f.startswith((".venv/", "var/")) or "/migrations/" in f]


def whats(source: str) -> list[str]:
    return [v.what for v in check_source(source)]


# --- the checker itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "from django.db.models.base import _thing",
            ["imports private name _thing from django.db.models.base"],
        ),
        ("from wagtail._internal import x", ["imports private module wagtail._internal"]),
        ("import redis._parsers.base", ["imports private module redis._parsers.base"]),
        (
            "from allauth.account.internal.flows.login import record_authentication",
            ["imports allauth internal module allauth.account.internal.flows.login"],
        ),
        ("from allauth.core import internal", ["imports allauth internal module allauth.core.internal"]),
        (
            "from django.db import models\nmodels.Model._get_FIELD_display",
            ["reads framework-private attribute models.Model._get_FIELD_display"],
        ),
        (
            "import django.db.models as m\nm.Model._do_update",
            ["reads private attribute of a framework object m.Model._do_update"],
        ),
        (
            "from wagtail.models import Page\ndef f():\n    for p in Page.objects.all():\n        p._secret",
            ["reads private attribute of a framework object p._secret"],
        ),
        (
            "from django.http import HttpRequest\ndef v(request: HttpRequest):\n    return request._stream",
            ["reads private attribute of a framework object request._stream"],
        ),
        (
            "from wagtail.models import Site\nSite.name = 'x'",
            ["assigns attribute on a framework class/module Site.name"],
        ),
        (
            "from django.db import models\nsetattr(models.Model, 'x', 1)",
            ["setattr on a framework class/module models.Model"],
        ),
        (
            "from django.apps import apps\nfor m in apps.get_models():\n    setattr(m, name, 1)",
            ["setattr with a computed name on a framework object m"],
        ),
        ("node.__class__ = Other", ["replaces the class of node at runtime"]),
        # Known-private names on anything, in every spelling.
        ("request._wagtail_site = site", ["writes framework-private attribute request._wagtail_site"]),
        ("host = request._get_raw_host()", ["reads framework-private attribute request._get_raw_host"]),
        ("page._cached_parent_obj = parent", ["writes framework-private attribute page._cached_parent_obj"]),
        (
            "getattr(request, '_wagtail_site', None)",
            ["reads framework-private attribute request._wagtail_site"],
        ),
        ("hasattr(request, '_wagtail_site')", ["reads framework-private attribute request._wagtail_site"]),
        (
            "from django.core.cache.backends.redis import RedisCacheClient\n"
            "class C(RedisCacheClient):\n"
            "    def get(self):\n"
            "        return self._get_connection_pool(True), self._client, self._pools",
            [
                "reads framework-private attribute self._get_connection_pool",
                "reads framework-private attribute self._client",
                "reads inherited private attribute self._pools",
            ],
        ),
        (
            "from django.core.cache.backends.redis import RedisCache\n"
            "class C(RedisCache):\n"
            "    def __init__(self):\n"
            "        self._class = Mine",
            ["writes framework-private attribute self._class"],
        ),
    ],
)
def test_checker_flags(source, expected):
    assert sorted(whats(source)) == sorted(expected)


@pytest.mark.parametrize(
    "source",
    [
        "from django.utils.translation import gettext_lazy as _\nlabel = _('Lagebild')",
        "from django.db import models\nclass Lagebild(models.Model):\n    pass\nLagebild._meta.get_fields()",
        "from django.db import models\nfor f in models.Model._meta.fields:\n    pass",
        "from django.core import mail\nmail.outbox = []",  # documented in Django's testing docs
        "from .models import _helper\n_helper()",  # first-party private names are the project's business
        "import requests\nrequests._internal_thing",  # not one of the framework packages
        "from django.db import models\ndef f(models):\n    models._x = 1",  # shadowed by a parameter
        "def monkey(monkeypatch, EmailBackend):\n    monkeypatch.setattr(EmailBackend, 'send_messages', 1)",
        "setattr(lagebild, name, value)",  # a project object
        # A project class's own private attributes, also when they share a known-private name.
        "class Renderer:\n    def __init__(self):\n        self._class = {}\n    def m(self):\n        return self._class",
        # A framework subclass's own private attributes.
        "from django import forms\nclass F(forms.Form):\n    def __init__(self):\n        self._mine = 1\n"
        "    def m(self):\n        return self._mine",
        "from django.conf import settings\nvalue = settings.DEBUG",
        "from django import get_version\nfrom django import __version__",
    ],
)
def test_checker_accepts(source):
    assert whats(source) == []


def test_violation_names_file_and_line():
    (violation,) = check_source("x = 1\nrequest._wagtail_site = 2\n", "portal/routing.py")
    assert str(violation) == "portal/routing.py:2: writes framework-private attribute request._wagtail_site"
    assert violation.key == "portal/routing.py: writes framework-private attribute request._wagtail_site"


def test_allowlist_removes_its_entry_and_reports_stale_ones():
    violations = check_source("from allauth.core.internal.httpkit import get_client_ip", "audit/services.py")
    key = "audit/services.py: imports allauth internal module allauth.core.internal.httpkit"
    remaining, stale = apply_allowlist(violations, {key: "reason", "gone.py: something": "reason"})
    assert remaining == []
    assert stale == ["gone.py: something"]
    remaining, stale = apply_allowlist(violations, {})
    assert [v.key for v in remaining] == [key] and stale == []
