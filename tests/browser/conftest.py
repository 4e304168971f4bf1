"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

One browser for the whole session, a fresh context (cookies, storage) per test. Playwright never
downloads a browser here: it starts /usr/bin/chromium. Without it the browser tests are skipped
with one line saying so, and the rest of the suite runs as usual.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from tests.otp import totp_code, totp_device

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling out, and the closed network
# refuses it. Playwright adds --headless itself (run `pytest --headed` on a machine with a screen).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = (
    f"Chromium not found at {CHROMIUM}: the browser tests are skipped "
    "(Debian: apt-get install chromium)."
)
# A step that waits longer than this is broken, not slow: fail fast instead of after 30 s.
TIMEOUT_MS = 10_000
DEMO_PASSWORD = "demo-browser-pw"


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not CHROMIUM.exists():
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=MISSING))
    # Browser tests last: while Playwright runs, Django's async-safety check is off (see the
    # `playwright` fixture below), and no other test should run in that state.
    others = [item for item in items if not item.get_closest_marker("browser")]
    items[:] = others + browser_items


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    ran_browser_tests = any(
        report.keywords.get("browser")
        for reports in terminalreporter.stats.values()
        for report in reports
        if hasattr(report, "keywords")
    )
    if ran_browser_tests and not CHROMIUM.exists():
        terminalreporter.write_line(MISSING, yellow=True, bold=True)


@pytest.fixture(scope="session")
def playwright(playwright):
    # Playwright's sync API keeps its asyncio loop marked as running in the test thread, so Django
    # would refuse every ORM call the tests make (SynchronousOnlyOperation) although nothing runs
    # concurrently. Lift the check only while Playwright is up; browser tests run last.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    # pytest-playwright hands this to every context: tests go to "/dossiers/", not a full URL.
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "nl-NL",
        "timezone_id": settings.TIME_ZONE,
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def context(context):
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(page):
    """Every browser test also fails when the Content-Security-Policy blocked something.

    Chromium reports each refused inline script, style or source on the console; a page that
    needs one is broken for real users, whatever else the test checks. Refusals without a URL
    come from scripts the test itself evaluates (axe-core adds style elements while it checks),
    not from the site.
    """
    refused = []

    def on_console(message):
        if "Content Security Policy" in message.text and message.location.get("url"):
            refused.append(f"{message.location['url']}: {message.text}")

    page.on("console", on_console)
    yield page
    assert not refused, "\n".join(refused)


@pytest.fixture(autouse=True)
def _committed_data(transactional_db, live_server):
    """The server runs in another thread: what a test creates must be committed to be seen."""
    yield  # tables with guards are emptied by tests/conftest.py's flush


@pytest.fixture
def demo():
    """The demo world of DESIGN §6; every demo user signs in with DEMO_PASSWORD."""
    call_command("load_demo", password=DEMO_PASSWORD, force=True, stdout=io.StringIO())
    return DEMO_PASSWORD


@pytest.fixture
def sign_in(page):
    """Sign in through the real login form, as a person does, and wait for the start page."""

    def sign_in(username: str, password: str = DEMO_PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        user = User.objects.get(username=username)
        if user.needs_second_factor:
            # Staff then type the code their authenticator app shows (issue 10).
            page.wait_for_url("**/accounts/login/code/**")
            page.get_by_label("Code").fill(totp_code(totp_device(user)))
            page.get_by_role("button", name="Controleren").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return sign_in


@pytest.fixture
def signed_in(context, live_server):
    """Skip the login form where a journey is not about signing in: reuse a test client's session."""

    def signed_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return context

    return signed_in
