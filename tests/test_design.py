"""Design tokens and a municipality's brand (docs/design.md): contrast, settings, the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from core.brand import brand_from_environ, contrast

from .test_settings import load_settings

TOKENS = Path(settings.BASE_DIR) / "static" / "css" / "tokens.css"
APP_CSS = Path(settings.BASE_DIR) / "static" / "css" / "app.css"


def _tokens() -> dict[str, str]:
    text = TOKENS.read_text(encoding="utf-8")
    return dict(re.findall(r"--(colour-[a-z-]+):\s*(#[0-9a-f]{6})", text))


# Text colour on background: every pair the stylesheet puts together (WCAG 1.4.3, 4.5:1).
TEXT_PAIRS = [
    ("colour-ink", "colour-page"),
    ("colour-ink", "colour-surface"),
    ("colour-muted", "colour-page"),
    ("colour-muted", "colour-surface"),
    ("colour-primary", "colour-page"),
    ("colour-primary", "colour-surface"),
    ("colour-primary-ink", "colour-primary"),
    ("colour-danger", "colour-surface"),
    ("colour-danger", "colour-danger-light"),
    ("colour-warning", "colour-warning-light"),
    ("colour-success", "colour-success-light"),
    ("colour-info", "colour-info-light"),
    ("colour-ink", "colour-neutral-light"),
    ("colour-ink", "colour-warning-light"),
    ("colour-ink", "colour-danger-light"),
    ("colour-ink", "colour-success-light"),
    ("colour-ink", "colour-info-light"),
    ("colour-ink", "colour-surface-raised"),
    ("colour-ink", "colour-focus-outer"),  # the skip link
]
# Borders of controls and the focus ring against what they stand on (WCAG 1.4.11, 3:1).
NON_TEXT_PAIRS = [
    ("colour-input-border", "colour-surface"),
    ("colour-focus-inner", "colour-surface"),
    ("colour-focus-inner", "colour-page"),
    ("colour-focus-outer", "colour-primary"),
    ("colour-focus-outer", "colour-danger"),
]


@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_text_tokens_have_aa_contrast(text, background):
    tokens = _tokens()
    assert contrast(tokens[text], tokens[background]) >= 4.5


@pytest.mark.parametrize(("part", "background"), NON_TEXT_PAIRS)
def test_controls_and_the_focus_ring_have_3_to_1(part, background):
    tokens = _tokens()
    assert contrast(tokens[part], tokens[background]) >= 3


def test_the_contrast_formula_matches_wcag():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48
    # The old yellow ring on white, as issue 13 measured it.
    assert contrast("#ffbf47", "#ffffff") < 1.7


def test_app_css_uses_tokens_not_raw_colours():
    # White is allowed as itself (text on danger red); every other colour comes from a token.
    raw = set(re.findall(r"#[0-9a-fA-F]{3,6}\b", APP_CSS.read_text(encoding="utf-8")))
    assert raw <= {"#fff", "#ffe08a"}, raw


def test_the_focus_ring_is_the_two_tone_token():
    assert "box-shadow: var(--focus-ring)" in APP_CSS.read_text(encoding="utf-8")


# --- brand ---------------------------------------------------------------------------------------

UTRECHT = {
    "BRAND_NAME": "Gezinsdossier Utrecht",
    "BRAND_LOGO_URL": "/static/brand/utrecht.svg",
    "BRAND_PRIMARY": "#B30B1C",
}


@pytest.mark.django_db
def test_the_brand_setting_shows_on_the_page(settings):
    settings.BRAND = brand_from_environ(UTRECHT)
    page = Client().get(reverse("login")).content.decode()
    assert "Gezinsdossier Utrecht" in page
    assert '<img src="/static/brand/utrecht.svg" alt="">' in page
    link = re.search(r'href="(/huisstijl\.css\?v=[0-9a-f]+)"', page)
    assert link, "the brand's stylesheet is linked"
    # Tokens first, then the brand's overrides, then the stylesheet that uses them.
    assert page.index("css/tokens.css") < page.index("huisstijl.css") < page.index("css/app.css")

    response = Client().get(link.group(1))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "--colour-primary: #b30b1c;" in response.content.decode()
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_without_a_brand_there_is_no_extra_stylesheet(settings):
    settings.BRAND = brand_from_environ({})
    page = Client().get(reverse("login")).content.decode()
    assert "huisstijl.css" not in page
    assert "css/tokens.css" in page


def test_a_new_brand_gets_a_new_stylesheet_url():
    first = brand_from_environ(UTRECHT)
    second = brand_from_environ({**UTRECHT, "BRAND_PRIMARY": "#1d4e89"})
    from core.brand import brand_version

    assert brand_version(first) != brand_version(second)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"BRAND_PRIMARY": "#ffbf47"}, "contrast"),  # yellow: header text unreadable
        ({"BRAND_PRIMARY": "#1f4f82", "BRAND_PRIMARY_INK": "#777777"}, "contrast"),
        ({"BRAND_PRIMARY": "red; } body { display: none"}, "must be a colour"),
        ({"BRAND_LOGO_URL": "https://elders.example/logo.png"}, "path on this site"),
        ({"BRAND_LOGO_URL": "/x.svg) url(evil"}, "path on this site"),
    ],
)
def test_a_brand_without_contrast_or_from_elsewhere_is_refused(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        brand_from_environ(environ)


def test_short_hex_is_accepted():
    assert brand_from_environ({"BRAND_PRIMARY": "#036"})["primary"] == "#003366"


def test_the_settings_read_the_brand_from_the_environment():
    code = "import config.settings as s; print(s.BRAND['primary'], s.BRAND['name'])"
    result = load_settings(code=code, BRAND_PRIMARY="#B30B1C", BRAND_NAME="Utrecht")
    assert result.stdout.split() == ["#b30b1c", "Utrecht"]
    refused = load_settings(code=code, BRAND_PRIMARY="#ffff00")
    assert refused.returncode != 0
    assert "WCAG AA" in refused.stderr
