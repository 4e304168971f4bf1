"""What the fault tests stand on: a Redis of their own to stop, and the app in its own server."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from .live import LiveApp

ROOT = Path(__file__).resolve().parent.parent.parent
DEMO_PASSWORD = "storing-demo-2026"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RedisServer:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_server():
    """A redis-server of the test's own on a free port, which the test may stop."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = RedisServer(process, port)
    deadline = time.monotonic() + 10
    while not _answers(port):
        if time.monotonic() > deadline or process.poll() is not None:
            server.stop()
            pytest.fail("the test's own redis-server did not start")
        time.sleep(0.05)
    yield server
    server.stop()


@pytest.fixture
def closed_port_url() -> str:
    """A Redis address where nothing listens."""
    return f"redis://127.0.0.1:{free_port()}/0"


def _manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )


def _environment(database: Path, **extra: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(DEBUG="true", DATABASE_URL=f"sqlite:///{database}", LOG_LEVEL="WARNING")
    environment.update(extra)
    return environment


# anna's one-time recovery codes in the started app's demo world (each server has its own copy).
RECOVERY_CODES = [f"herstel{number:04d}" for number in range(40)]


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """A file-based SQLite database with the demo world, built once and copied per server."""
    database = tmp_path_factory.mktemp("demo-world") / "db.sqlite3"
    environment = _environment(database)
    _manage("migrate", "--noinput", env=environment)
    _manage("load_demo", "--password", DEMO_PASSWORD, env=environment)
    # Staff pass a second step; several simultaneous sign-ins of one account need one-time
    # recovery codes, as a TOTP code works only once.
    _manage("shell", "-c", RECOVERY_CODES_SCRIPT, env=environment)
    return database


RECOVERY_CODES_SCRIPT = f"""
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from accounts.models import User
device = StaticDevice.objects.create(user=User.objects.get(username="anna"), name="Tests", confirmed=True)
StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in {RECOVERY_CODES!r})
"""


@pytest.fixture
def start_app(demo_database, tmp_path):
    """Start gunicorn (several processes, several threads each) on a copy of the demo world."""
    started: list[subprocess.Popen] = []

    def start(*, workers: int = 3, threads: int = 4, **env: str) -> LiveApp:
        database = tmp_path / "db.sqlite3"
        shutil.copy(demo_database, database)
        port = free_port()
        log = (tmp_path / "gunicorn.log").open("wb")
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi",
                "--config",
                "config/gunicorn.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=_environment(database, **env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        app = LiveApp(f"http://127.0.0.1:{port}", database=database, log=tmp_path / "gunicorn.log")
        app.wait_until_up(process)
        return app

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
