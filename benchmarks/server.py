"""A gunicorn of this project on 127.0.0.1 with DEBUG off, for the benchmarks (run.py, load.py)."""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chain_key(database_url: str) -> str:
    """The audit chain's key as `manage.py` here has it: the key the world was sealed with
    (seed_scale, load_demo). The server gets a SECRET_KEY of its own when none is set; without
    this its seals would not chain onto the world's, and `verify_audit` would report a break."""
    script = (
        "from django.conf import settings; print(settings.AUDIT_CHAIN_KEY or settings.SECRET_KEY)"
    )
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py, no input)
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def server_env(database_url: str, *, workers: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "AUDIT_CHAIN_KEY": chain_key(database_url),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # as docker-compose.yml: TLS ends at the proxy
        "WEB_CONCURRENCY": str(workers),
        "LOG_LEVEL": "WARNING",
    }


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/accounts/login/", headers={"Host": f"127.0.0.1:{port}"})
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def start_server(env: dict, port: int, log: Path, *, collect: bool = True) -> subprocess.Popen:
    """collectstatic (DEBUG off serves hashed static files; `collect=False` keeps the last one:
    it takes minutes on a busy machine), then gunicorn with the project's config/gunicorn.py,
    bound to 127.0.0.1 only. Fixed commands only."""
    if collect:
        subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    gunicorn = Path(PYTHON).with_name("gunicorn")
    command = [str(gunicorn), "-c", "config/gunicorn.py", "config.wsgi"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", env["WEB_CONCURRENCY"]]
    command += ["--access-logfile", "-"]
    server = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if _answers(port):
            return server
        if server.poll() is not None:
            break
        time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port}; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
