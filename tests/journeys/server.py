"""The portal as it runs in production, for the journey test: gunicorn with two worker processes on
127.0.0.1, a database both the test and the workers see, and a cache shared by the workers (Redis, or
Django's file cache where no Redis is configured)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PORTS = range(18900, 19000)


def free_port() -> int:
    """A free port in the range this project's test servers use (JOURNEY_PORT picks one)."""
    wanted = os.environ.get("JOURNEY_PORT")
    candidates = [int(wanted)] if wanted else list(PORTS)
    start = os.getpid() % len(candidates)
    for port in candidates[start:] + candidates[:start]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"Kein freier Port in {candidates[0]}–{candidates[-1]}")


def database_url_for_server(run_dir: Path) -> str:
    """The URL of the test database for the server processes.

    PostgreSQL: pytest-django's test database itself (data committed by the test). SQLite: the test
    database lives in memory, so it is copied into a file of the run (sqlite3's online backup).
    """
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        auth = quote(db.get("USER") or "postgres")
        if db.get("PASSWORD"):
            auth += ":" + quote(db["PASSWORD"])
        return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    from django.db import connection

    connection.ensure_connection()
    target_path = run_dir / "portal.sqlite3"
    target = sqlite3.connect(target_path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{target_path}"


@dataclass
class Gunicorn:
    """One gunicorn master with two sync workers; `namespace` names its own, empty cache."""

    run_dir: Path
    database_url: str
    namespace: str
    port: int = 0
    proc: subprocess.Popen | None = None
    cache_dir: Path | None = None
    log: Path = field(init=False)
    access_log: Path = field(init=False)

    def __post_init__(self):
        self.log = self.run_dir / f"gunicorn-{self.namespace}.log"
        self.access_log = self.run_dir / f"access-{self.namespace}.log"

    def served_by(self) -> set[str]:
        """The pids (gunicorn's "<pid>" notation) of the workers that answered requests so far."""
        lines = self.access_log.read_text(errors="replace").splitlines()
        return {line.split(" ", 1)[0] for line in lines if line.startswith("<")}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "siko_portal.settings.journey_server",
            "DATABASE_URL": self.database_url,
            "DJANGO_DEBUG": "0",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "SIKO_VAR_DIR": str(self.run_dir),
            "LOG_LEVEL": "WARNING",
            "JOURNEY_CACHE_PREFIX": f"siko-journey-{self.namespace}",
        }
        if not os.environ.get("REDIS_URL"):
            self.cache_dir = self.run_dir / f"cache-{self.namespace}"
            env["JOURNEY_CACHE_DIR"] = str(self.cache_dir)
        return env

    def start(self) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "siko_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--timeout",
                "120",
                "--error-logfile",
                str(self.log),
                "--access-logfile",
                str(self.access_log),
                # The worker's pid first: the test checks that both workers served the crawl.
                "--access-logformat",
                '%(p)s %(s)s "%(r)s" %(b)s',
                "--capture-output",
            ],
            cwd=ROOT,
            env=self.environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # own process group: stop() reaches the workers too
            preexec_fn=_stop_with_parent,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn endete beim Start:\n{self.log_tail()}")
            try:
                if requests.get(f"{self.base_url}/health/", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        else:
            self.stop()
            raise AssertionError(f"gunicorn antwortete nicht auf /health/:\n{self.log_tail()}")

    def workers(self) -> list[int]:
        """Process ids of the master's worker processes."""
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                children.append(int(entry.name))
        return children

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(kein Log)"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.drop_cache()

    def drop_cache(self) -> None:
        """Remove this server's cache entries (its own key prefix or directory), nothing else."""
        redis_url = os.environ.get("REDIS_URL")
        if redis_url:
            import redis

            client = redis.Redis.from_url(redis_url)
            try:
                keys = list(client.scan_iter(match=f"*:siko-journey-{self.namespace}:*", count=1000))
                for start in range(0, len(keys), 500):
                    client.delete(*keys[start : start + 500])
            finally:
                client.close()
        elif self.cache_dir is not None:
            shutil.rmtree(self.cache_dir, ignore_errors=True)


def _stop_with_parent() -> None:
    """Linux: gunicorn gets SIGTERM when the test process dies, even if no fixture teardown runs
    (a killed or timed-out test run leaves no server behind)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def new_run_dir() -> Path:
    """var/journey/<worker>-<random>/: gunicorn's error and access logs stay there for CI artefacts."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    path = ROOT / "var" / "journey" / f"{worker}-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    return path
