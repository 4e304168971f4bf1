"""The documentation points at things that exist, inside the repository.

README.md and docs/*.md are read as plain text. Checked:

- relative Markdown links lead to a file or folder in the repository, never outside it;
- a path in backticks (`casefile/access.py`: at least one slash, ending in .py, .html, .md or
  .toml) names a file that exists, and `path.py::name` names something that file still
  mentions as a whole word;
- a dotted name in backticks that starts with one of our apps (`casefile.services.entry_add`,
  `procedures.Decision`) still imports, as a module attribute or as an app's model;
- the README leads to docs/ and keeps its quick start at two commands.

Code blocks (``` fenced) are skipped: they hold pictures and shell commands, not references.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from functools import reduce
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
PATH = re.compile(
    r"^(?P<path>[\w.-]+(?:/[\w.-]+)+\.(?:py|html|md|toml))"
    r"(?:::(?P<name>[A-Za-z_][\w.]*))?$"
)
DOTTED = re.compile(r"^[a-z_]+(?:\.[A-Za-z_]\w*)+$")


def _project_packages() -> set[str]:
    """Our own top-level packages, as the import-linter contract lists them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["importlinter"]["root_packages"])


PACKAGES = _project_packages()


def _prose(page: Path) -> str:
    return FENCE.sub("", page.read_text(encoding="utf-8"))


def _links(page: Path) -> list[str]:
    return [
        target
        for target in LINK.findall(_prose(page))
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE)  # http:, mailto:
        and not target.startswith("#")
    ]


def _spans(page: Path) -> list[str]:
    return [span.strip() for span in CODE.findall(_prose(page))]


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def _references(kind: re.Pattern) -> list[tuple[Path, str]]:
    return [(page, span) for page in PAGES for span in _spans(page) if kind.match(span)]


def _is_ours(dotted: str) -> bool:
    return dotted.split(".")[0] in PACKAGES


def _resolve(dotted: str):
    """A module attribute (`casefile.services.entry_add`) or an app's model (`safety.Measure`)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        try:
            return reduce(getattr, parts[cut:], module)
        except AttributeError:
            if cut == 1 and len(parts) > 1:
                model = apps.get_model(parts[0], parts[1])  # LookupError when it is gone
                return reduce(getattr, parts[2:], model)
            raise
    raise ModuleNotFoundError(dotted)


# --- the pages exist and are linked ------------------------------------------------------------


def test_the_docs_are_there():
    names = {page.name for page in DOCS.glob("*.md")}
    assert {"README.md", "architecture.md", "rules.md", "access.md", "glossary.md"} <= names


def test_the_docs_index_links_every_page():
    linked = {Path(target.split("#")[0]).name for target in _links(DOCS / "README.md")}
    missing = {page.name for page in DOCS.glob("*.md")} - linked - {"README.md"}
    assert not missing, f"docs/README.md does not link: {sorted(missing)}"


# --- links and paths ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_every_relative_link_leads_to_a_file_in_the_repository(page):
    broken = []
    for target in _links(page):
        path = target.split("#")[0].split("?")[0]
        if not path:
            continue
        resolved = (page.parent / path).resolve()
        if not resolved.is_relative_to(ROOT):
            broken.append(f"{target} (outside the repository)")
        elif not resolved.exists():
            broken.append(f"{target} (no such file)")
    assert not broken, f"{_page_id(page)}: {broken}"


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_every_path_in_backticks_exists(page):
    broken = []
    for span in _spans(page):
        match = PATH.match(span)
        if match is None:
            continue
        path = ROOT / match["path"]
        if not path.is_file():
            broken.append(f"{span} (no such file)")
            continue
        if match["name"]:
            text = path.read_text(encoding="utf-8")
            gone = [
                part
                for part in match["name"].split(".")
                if not re.search(rf"\b{re.escape(part)}\b", text)
            ]
            if gone:
                broken.append(f"{span} ({', '.join(gone)} not in {match['path']})")
    assert not broken, f"{_page_id(page)}: {broken}"


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_every_dotted_name_of_ours_still_imports(page):
    broken = []
    for span in _spans(page):
        if not DOTTED.match(span) or not _is_ours(span):
            continue
        try:
            _resolve(span)
        except (ImportError, AttributeError, LookupError) as error:
            broken.append(f"{span} ({type(error).__name__})")
    assert not broken, f"{_page_id(page)}: {broken}"


def test_the_checks_have_something_to_check():
    # So that a change to the patterns above cannot quietly make every check pass.
    assert len(_references(PATH)) >= 50
    assert len([span for _, span in _references(DOTTED) if _is_ours(span)]) >= 30
    assert len(_links(DOCS / "README.md")) >= 4


def test_the_checker_notices_a_missing_file_and_a_missing_name():
    assert PATH.match("casefile/access.py::no_such_function")
    assert not (ROOT / "casefile/no_such_module.py").exists()
    with pytest.raises((ImportError, AttributeError, LookupError)):
        _resolve("casefile.services.no_such_service")
    with pytest.raises(LookupError):
        _resolve("procedures.NoSuchModel")
    assert _resolve("procedures.Decision.Kind.CLOSURE") == "closure"


# --- the rules ----------------------------------------------------------------------------------


def test_every_rule_has_a_section_that_names_a_place_in_the_code():
    text = _prose(DOCS / "rules.md")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    by_rule = {section.split()[0]: section for section in sections}
    assert sorted(by_rule, key=lambda rule: int(rule[1:])) == [f"R{n}" for n in range(1, 17)]
    for rule, section in by_rule.items():
        places = [span for span in CODE.findall(section) if PATH.match(span)]
        assert places, f"{rule} names no place in the code"


# --- the README ---------------------------------------------------------------------------------


def test_the_readme_leads_to_the_docs():
    targets = _links(README)
    assert any(target.startswith("docs/") for target in targets)
    for page in ("README.md", "architecture.md", "rules.md", "access.md", "glossary.md"):
        assert f"docs/{page}" in targets, f"README does not link docs/{page}"


def test_the_readme_points_nowhere_outside_the_repository():
    text = README.read_text(encoding="utf-8")
    assert "../" not in text
    assert "shared/DESIGN.md" not in text


def test_the_quick_start_is_two_commands():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\w*\n(.*?)```", section, re.DOTALL)
    assert block is not None
    commands = [
        line.split("#", 1)[0].strip()
        for line in block[1].splitlines()
        if line.split("#", 1)[0].strip()
    ]
    assert commands == ["make run", "make test"]
