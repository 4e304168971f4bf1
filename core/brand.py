"""A municipality's own look: name, logo and primary colour, set by settings (docs/design.md).

The colours reach the page as a small stylesheet (`/huisstijl.css`, config/views.py) that
overrides the design tokens of static/css/tokens.css. A file, not an inline `<style>`: the
Content-Security-Policy allows no inline style. Colours are checked against WCAG 2.1 AA when the
settings load, so a brand that would make the header or the links unreadable never starts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_NAME = "Gezinsdossier"
DEFAULT_PRIMARY = "#1f4f82"
DEFAULT_PRIMARY_INK = "#ffffff"
# The backgrounds links and buttons in the primary colour stand on (tokens.css).
BACKGROUNDS = ("#ffffff", "#f7f8fa")
# WCAG 2.1 AA for normal text (1.4.3).
MIN_TEXT_CONTRAST = 4.5

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
# Same origin only: the policy's img-src is 'self', and a logo elsewhere would not show.
_LOGO = re.compile(r"^/[^\s\"'()<>\\]*$")


def hex_colour(value: str, *, name: str) -> str:
    """`#abc` or `#aabbcc`, as lower-case `#aabbcc`; anything else could inject CSS."""
    value = value.strip()
    if not _HEX.match(value):
        raise ImproperlyConfigured(f"{name} must be a colour like #1f4f82, not {value!r}.")
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.lower()


def luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour `#rrggbb` (WCAG 2.1 definition)."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def brand_from_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """BRAND_NAME, BRAND_LOGO_URL, BRAND_PRIMARY and BRAND_PRIMARY_INK, checked.

    The primary colour is the header's background, the links' and the primary buttons' colour, so
    it needs 4.5:1 against the page's backgrounds and against its ink (the header's text).
    """
    primary = hex_colour(environ.get("BRAND_PRIMARY") or DEFAULT_PRIMARY, name="BRAND_PRIMARY")
    ink = hex_colour(
        environ.get("BRAND_PRIMARY_INK") or DEFAULT_PRIMARY_INK, name="BRAND_PRIMARY_INK"
    )
    for background in (*BACKGROUNDS, ink):
        ratio = contrast(primary, background)
        if ratio < MIN_TEXT_CONTRAST:
            raise ImproperlyConfigured(
                f"BRAND_PRIMARY {primary} has a contrast of {ratio:.2f}:1 with {background}; "
                f"WCAG AA needs {MIN_TEXT_CONTRAST}:1. Choose a darker colour."
            )
    logo_url = (environ.get("BRAND_LOGO_URL") or "").strip()
    if logo_url and not _LOGO.match(logo_url):
        raise ImproperlyConfigured(
            "BRAND_LOGO_URL must be a path on this site, such as /static/brand/logo.svg."
        )
    return {
        "name": (environ.get("BRAND_NAME") or DEFAULT_NAME).strip(),
        "logo_url": logo_url,
        "primary": primary,
        "primary_ink": ink,
    }


def brand_css(brand: Mapping[str, str]) -> str:
    """The stylesheet that sets the brand's tokens; only checked hex colours go into it."""
    primary = hex_colour(brand["primary"], name="BRAND primary")
    ink = hex_colour(brand["primary_ink"], name="BRAND primary_ink")
    return f":root {{ --colour-primary: {primary}; --colour-primary-ink: {ink}; }}\n"


def brand_version(brand: Mapping[str, str]) -> str:
    """A short fingerprint of the stylesheet: a new brand is a new URL, so no stale copy shows."""
    return hashlib.sha256(brand_css(brand).encode()).hexdigest()[:12]


def brand_is_custom(brand: Mapping[str, str]) -> bool:
    return (brand["primary"], brand["primary_ink"]) != (DEFAULT_PRIMARY, DEFAULT_PRIMARY_INK)


def brand_context(request) -> dict:
    """Context processor: `brand` on every page (name and logo in the header, the stylesheet)."""
    brand = settings.BRAND
    return {
        "brand": {
            **brand,
            "stylesheet": brand_is_custom(brand),
            "version": brand_version(brand),
        }
    }
