"""axe-core in the real browser, and a full-page screenshot of every page type checked.

axe-core comes inside the axe-playwright-python wheel, so no Node.js is needed. Screenshots land
in artifacts/screenshots/ (git-ignored), one per page type, to look at after a run.
"""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TARGETS_SHOWN = 3

_axe = Axe()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    """The WCAG 2.1 A and AA violations axe finds on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    return _axe.run(page, options=options).response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        shown = ", ".join(targets[:TARGETS_SHOWN])
        more = f" (+{len(targets) - TARGETS_SHOWN} more)" if len(targets) > TARGETS_SHOWN else ""
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} → {shown}{more}"
        )
    return "\n".join(lines)


def assert_accessible(page, name: str) -> None:
    """Save a screenshot of the page as `name`, then fail if axe finds WCAG 2.1 A/AA violations.

    axe runs as a script in the page: in a context with JavaScript off it never answers, so
    journeys run without JavaScript skip this check (their pages are checked with it on).
    """
    screenshot(page, name)
    violations = axe_violations(page)
    assert not violations, (
        f"{name} ({page.url}) has {len(violations)} accessibility violation(s):\n"
        + describe(violations)
    )
