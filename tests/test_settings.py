import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


DEFAULT_CODE = "import config.settings as s; print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, s.TIME_ZONE, s.LANGUAGE_CODE)"


def load_settings(code=DEFAULT_CODE, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "REDIS_URL", "DEBUG", "SECURE_HSTS_SECONDS")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_without_redis_tasks_run_in_process():
    result = load_settings(DEBUG="false", SECRET_KEY="x")
    assert result.stdout.split() == ["True", "memory://localhost/", "Europe/Amsterdam", "nl"]


def test_with_redis_tasks_go_to_the_broker():
    result = load_settings(SECRET_KEY="x", REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.stdout.split()[:2] == ["False", "redis://127.0.0.1:6379/0"]


def _setting(expression: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    environment.update(env)
    code = f"import config.settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_with_redis_nothing_in_a_request_uses_it():
    # Redis carries Celery's messages only: a Redis outage must never fail a page.
    backends = _setting(
        "sorted({c['BACKEND'] for c in s.CACHES.values()}), s.SESSION_ENGINE, s.AXES_HANDLER",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert "redis" not in backends.lower()
    assert "django.contrib.sessions.backends.db" in backends


def test_sqlite_takes_concurrent_writers():
    options = _setting("s.DATABASES['default']['OPTIONS']")
    assert "'transaction_mode': 'IMMEDIATE'" in options
    assert "'timeout': 20" in options
    assert "PRAGMA journal_mode=WAL" in options


def test_database_connections_are_checked_before_use():
    assert (
        _setting(
            "s.DATABASES['default']['CONN_HEALTH_CHECKS']",
            DATABASE_URL="postgres://postgres@127.0.0.1:5432/x",
        )
        == "True"
    )
