"""English is available: the catalog is complete and up to date, and pages switch language.

The catalog check reads the .po file with a small parser of its own, so it needs no
extra dependency. The up-to-date check runs `makemessages` on a copy of the project (it
needs gettext's xgettext and skips without it). The page check needs the compiled .mo
file (`make test` runs `compilemessages` first through the Makefile's `messages` target).
"""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    msgid: str = ""
    msgid_plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    line: int = 0


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def read_catalog(path: Path) -> list[Entry]:
    """Parse a .po file into entries; obsolete (`#~`) entries are left out.

    Entries are blocks separated by blank lines, as msgmerge and makemessages write them.
    """
    entries: list[Entry] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    block: list[tuple[int, str]] = []
    for number, raw in enumerate([*lines, ""], start=1):
        line = raw.strip()
        if line:
            block.append((number, line))
            continue
        if block and not all(text.startswith("#~") for _, text in block):
            entries.append(_read_entry(block))
        block = []
    return entries


def _read_entry(block: list[tuple[int, str]]) -> Entry:
    entry = Entry(line=block[0][0])
    target = None  # the field that continuation lines ("...") belong to
    for number, line in block:
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            target = "msgctxt"
        elif line.startswith("msgid_plural "):
            entry.msgid_plural = _unquote(line[len("msgid_plural ") :])
            target = "msgid_plural"
        elif line.startswith("msgid "):
            entry.msgid = _unquote(line[len("msgid ") :])
            entry.line = number
            target = "msgid"
        elif line.startswith("msgstr"):
            entry.msgstrs.append(_unquote(line.split(" ", 1)[1]))
            target = "msgstr"
        elif line.startswith('"'):
            text = _unquote(line)
            if target == "msgid":
                entry.msgid += text
            elif target == "msgid_plural":
                entry.msgid_plural += text
            elif target == "msgstr":
                entry.msgstrs[-1] += text
    return entry


@pytest.fixture(scope="module")
def catalog() -> list[Entry]:
    assert CATALOG.exists(), f"The English catalog is missing: {CATALOG}"
    return read_catalog(CATALOG)


def test_the_english_catalog_has_messages(catalog):
    messages = [entry for entry in catalog if entry.msgid]
    assert len(messages) > 100


def test_every_message_is_translated(catalog):
    untranslated = [
        f"line {entry.line}: {entry.msgid!r}"
        for entry in catalog
        if entry.msgid and (not entry.msgstrs or not all(entry.msgstrs))
    ]
    assert untranslated == []


def test_no_message_is_fuzzy(catalog):
    fuzzy = [f"line {entry.line}: {entry.msgid!r}" for entry in catalog if "fuzzy" in entry.flags]
    assert fuzzy == []


def test_plural_messages_have_both_forms(catalog):
    plurals = [entry for entry in catalog if entry.msgid_plural is not None]
    assert plurals
    assert [entry.msgid for entry in plurals if len(entry.msgstrs) != 2] == []


def test_translations_keep_every_placeholder(catalog):
    def names(text: str) -> set[str]:
        return set(PLACEHOLDER.findall(text))

    wrong = [
        f"line {entry.line}: {entry.msgid!r} -> {msgstr!r}"
        for entry in catalog
        if entry.msgid
        for msgstr in entry.msgstrs
        # A singular form may leave out the count ("one complaint"); nothing may be added.
        if not names(msgstr) <= names(entry.msgid_plural or entry.msgid)
        or (entry.msgid_plural is None and names(msgstr) != names(entry.msgid))
    ]
    assert wrong == []


def test_the_parser_reads_a_small_catalog(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\nmsgid "Ja"\nmsgstr "Yes"\n\n'
        '#, fuzzy\nmsgid "Nee"\nmsgstr "No"\n\n'
        '#, python-format\nmsgid "%(n)s klacht"\nmsgid_plural "%(n)s klachten"\n'
        'msgstr[0] "%(n)s complaint"\nmsgstr[1] ""\n\n'
        'msgid ""\n"Lange "\n"tekst"\nmsgstr ""\n\n'
        '#~ msgid "Oud"\n#~ msgstr "Old"\n',
        encoding="utf-8",
    )
    entries = read_catalog(po)
    assert [entry.msgid for entry in entries] == ["", "Ja", "Nee", "%(n)s klacht", "Lange tekst"]
    assert entries[1].msgstrs == ["Yes"]
    assert "fuzzy" in entries[2].flags and "fuzzy" not in entries[1].flags
    assert entries[3].msgstrs == ["%(n)s complaint", ""]
    assert entries[4].msgstrs == [""]


needs_compiled_catalog = pytest.mark.skipif(
    not COMPILED.exists(),
    reason="locale/en/LC_MESSAGES/django.mo is missing: run `make messages` "
    "(compilemessages, needs msgfmt from gettext) to switch English on",
)


@needs_compiled_catalog
@pytest.mark.django_db
def test_the_sign_in_page_speaks_english_when_asked():
    with translation.override("en"):
        response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Sign in with your username and password." in page
    assert "Inloggen" not in page


@needs_compiled_catalog
@pytest.mark.django_db
def test_the_language_cookie_switches_to_english():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/accounts/login/").content.decode()

    assert "Sign in" in page


@pytest.mark.django_db
def test_the_sign_in_page_is_dutch_by_default():
    response = Client().get("/accounts/login/")

    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()


# The folders `makemessages` is run without (the command is in the docstring below).
MAKEMESSAGES_IGNORE = [".venv", "node_modules", "artifacts"]
# Not copied for the fresh run: hidden folders (.git, .venv), caches, and folders of
# generated or private files at the top of the project.
TOP_LEVEL_SKIPPED = {"staticfiles", "media", "private", "test-results", "htmlcov", "build", "dist"}
NEEDS_GETTEXT = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msguniq", "msgmerge")),
    reason="xgettext, msguniq or msgmerge is missing (Debian package gettext): "
    "cannot extract the messages from the code to compare them with the catalog",
)


def _skip_when_copying(base: Path):
    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n.startswith(".") or n in {"__pycache__", "node_modules"}}
        skipped |= {n for n in names if n.endswith((".pyc", ".mo"))}
        if Path(folder) == base:
            skipped |= {n for n in names if n in TOP_LEVEL_SKIPPED or n in MAKEMESSAGES_IGNORE}
        return skipped

    return ignore


@NEEDS_GETTEXT
def test_the_catalog_has_every_message_in_the_code(tmp_path, monkeypatch, settings, catalog):
    """`makemessages` on a copy of the project finds no message the committed catalog lacks.

    The copy keeps the real locale folder untouched: makemessages writes into the locale
    folder of the current directory and into LOCALE_PATHS, so both point into the copy.
    If this fails, run `manage.py makemessages -l en --ignore=.venv --ignore=node_modules
    --ignore=artifacts --no-obsolete` and translate what is new.
    """
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(base, copy, ignore=_skip_when_copying(base), symlinks=True)
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)

    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=MAKEMESSAGES_IGNORE,
        keep_pot=True,
        no_obsolete=True,
        verbosity=0,
    )

    fresh = read_catalog(copy / "locale" / "django.pot")
    in_code = {(entry.msgid, entry.msgid_plural) for entry in fresh if entry.msgid}
    committed = {(entry.msgid, entry.msgid_plural) for entry in catalog if entry.msgid}
    assert len(in_code) > 100
    missing = sorted(repr(msgid) for msgid, _plural in in_code - committed)
    assert not missing, "Messages in the code that locale/en/LC_MESSAGES/django.po lacks:\n" + (
        "\n".join(missing)
    )
    # The real catalog was not touched.
    assert read_catalog(CATALOG) == catalog
