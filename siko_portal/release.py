"""The release identifier of the running code (settings PORTAL_RELEASE).

It is part of every cache key (CACHES KEY_PREFIX), so that a new release never serves HTML or values
that the previous release cached. The environment variable PORTAL_RELEASE wins; without it the current
git commit is read from the checkout's files (no subprocess), else the project version.
"""

import re
import tomllib
from pathlib import Path

COMMIT = re.compile(r"^[0-9a-f]{40}$")
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def clean(release: str) -> str:
    """Return `release` usable in a cache key on every backend (no spaces or control characters)."""
    return UNSAFE.sub("-", release.strip())[:64] or "unbekannt"


def git_commit(base_dir: Path) -> str | None:
    """Return the commit checked out in `base_dir` (a clone or a `git worktree`), or None."""
    git = base_dir / ".git"
    try:
        if git.is_file():  # a worktree: ".git" names the real git directory
            git = (base_dir / git.read_text().strip().removeprefix("gitdir:").strip()).resolve()
        head = (git / "HEAD").read_text().strip()
    except OSError:
        return None
    if COMMIT.match(head):  # detached HEAD
        return head
    if not head.startswith("ref:"):
        return None
    ref = head.removeprefix("ref:").strip()
    common = git
    if (git / "commondir").is_file():
        common = (git / (git / "commondir").read_text().strip()).resolve()
    for directory in dict.fromkeys((git, common)):
        try:
            value = (directory / ref).read_text().strip()
        except OSError:
            continue
        if COMMIT.match(value):
            return value
    try:
        packed = (common / "packed-refs").read_text()
    except OSError:
        return None
    for line in packed.splitlines():
        value, _, name = line.partition(" ")
        if name == ref and COMMIT.match(value):
            return value
    return None


def project_version(base_dir: Path) -> str | None:
    """Return the version in pyproject.toml, or None."""
    try:
        with (base_dir / "pyproject.toml").open("rb") as file:
            return tomllib.load(file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def current_release(base_dir: Path, configured: str | None = None) -> str:
    """Return the release id: `configured` (PORTAL_RELEASE), else the git commit, else the version."""
    if configured:
        return clean(configured)
    commit = git_commit(base_dir)
    if commit:
        return commit[:12]
    return clean(project_version(base_dir) or "")
