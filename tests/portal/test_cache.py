"""The cache is Django's documented Redis backend, and every key carries the release id (KEY_PREFIX)."""

import os
import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from siko_portal.release import current_release, git_commit
from tests.quality.test_security_headers import PRODUCTION_ENV, load_settings

COMMIT_A = "a" * 40
COMMIT_B = "b" * 40


def test_a_value_cached_by_one_release_is_not_seen_by_the_next():
    location = f"release-{uuid.uuid4().hex}"  # one shared store, as Redis is for all processes
    old = LocMemCache(location, {"KEY_PREFIX": "siko:release-1"})
    new = LocMemCache(location, {"KEY_PREFIX": "siko:release-2"})
    old.set("fragment", "<p>alt</p>")
    assert old.get("fragment") == "<p>alt</p>"
    assert new.get("fragment") is None
    new.set("fragment", "<p>neu</p>")
    assert old.get("fragment") == "<p>alt</p>" and new.get("fragment") == "<p>neu</p>"


@pytest.mark.redis
def test_redis_cache_keeps_releases_apart():
    prefix = f"test-{uuid.uuid4().hex}"
    old = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"{prefix}:1"})
    new = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"{prefix}:2"})
    try:
        old.set("a", {"x": 1}, 30)
        assert old.get("a") == {"x": 1}
        assert new.get("a") is None
        assert old.get_many(["a", "fehlt"]) == {"a": {"x": 1}}
    finally:
        old.delete("a")


def test_settings_put_the_configured_release_into_the_key_prefix():
    names = ["CACHES", "PORTAL_RELEASE"]
    first = load_settings({**PRODUCTION_ENV, "PORTAL_RELEASE": "2026.12.1"}, names)
    second = load_settings({**PRODUCTION_ENV, "PORTAL_RELEASE": "2026.12.2"}, names)
    assert first["PORTAL_RELEASE"] == "2026.12.1"
    assert first["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert "2026.12.1" in first["CACHES"]["default"]["KEY_PREFIX"]
    assert first["CACHES"]["default"]["KEY_PREFIX"] != second["CACHES"]["default"]["KEY_PREFIX"]


def test_without_portal_release_the_settings_use_the_checked_out_commit():
    from django.conf import settings

    commit = git_commit(settings.BASE_DIR)
    values = load_settings({**PRODUCTION_ENV, "PORTAL_RELEASE": ""}, ["CACHES", "PORTAL_RELEASE"])
    assert commit is not None  # the tests run in a git checkout
    assert values["PORTAL_RELEASE"] == commit[:12]
    assert commit[:12] in values["CACHES"]["default"]["KEY_PREFIX"]


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_release_comes_from_a_branch_a_detached_head_or_packed_refs(tmp_path):
    _write(tmp_path / ".git/HEAD", "ref: refs/heads/main\n")
    _write(tmp_path / ".git/refs/heads/main", COMMIT_A + "\n")
    assert current_release(tmp_path) == COMMIT_A[:12]
    _write(tmp_path / ".git/HEAD", COMMIT_B + "\n")
    assert current_release(tmp_path) == COMMIT_B[:12]
    _write(tmp_path / ".git/HEAD", "ref: refs/heads/release\n")
    _write(tmp_path / ".git/packed-refs", f"# pack-refs with: peeled\n{COMMIT_B} refs/heads/release\n")
    assert current_release(tmp_path) == COMMIT_B[:12]


def test_release_of_a_git_worktree(tmp_path):
    main = tmp_path / "main"
    _write(main / ".git/refs/heads/wt/content", COMMIT_A + "\n")
    _write(main / ".git/worktrees/content/HEAD", "ref: refs/heads/wt/content\n")
    _write(main / ".git/worktrees/content/commondir", "../..\n")
    checkout = tmp_path / "content"
    _write(checkout / ".git", f"gitdir: {main / '.git/worktrees/content'}\n")
    assert current_release(checkout) == COMMIT_A[:12]


def test_release_without_git_is_the_project_version_and_the_environment_wins(tmp_path):
    _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\nversion = "1.4.0"\n')
    assert current_release(tmp_path) == "1.4.0"
    assert current_release(tmp_path, "v1.5 rc/1") == "v1.5-rc-1"
    _write(tmp_path / ".git/HEAD", "ref: refs/heads/main\n")
    _write(tmp_path / ".git/refs/heads/main", COMMIT_A + "\n")
    assert current_release(tmp_path, "2026.12.1") == "2026.12.1"
