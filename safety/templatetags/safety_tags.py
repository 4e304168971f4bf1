"""Safety on casefile pages, so that casefile views need not know about safety."""

from __future__ import annotations

from django import template

from casefile import access
from safety import selectors
from safety.models import Phase

register = template.Library()


def _overview(dossier) -> selectors.SafetyOverview:
    # The banner, the dossier's first screen and the panel on one page share one load.
    return selectors.dossier_safety_overview(dossier=dossier)


@register.inclusion_tag("safety/acute_banner.html")
def safety_acute_banner(dossier):
    """R14: on every page of the dossier while the latest assessment found acute danger."""
    if dossier is None or not getattr(dossier, "pk", None):
        return {"dossier": None, "acute": None}
    return {"dossier": dossier, "acute": _overview(dossier).acute}


@register.inclusion_tag("safety/panel.html", takes_context=True)
def safety_panel(context, dossier, user):
    return {
        "request": context.get("request"),
        "dossier": dossier,
        "overview": _overview(dossier),
        "can_manage": _can_manage(context, user, dossier),
    }


def _can_manage(context, user, dossier) -> bool:
    # Safety work is allowed exactly when writing is (casefile.access.can_manage_safety); the
    # dossier page already asked casefile.access for `can_write`, so reuse it and save a query.
    if "can_write" in context:
        return bool(context["can_write"])
    return access.can_manage_safety(user, dossier)


@register.filter
def phase_label(value) -> str:
    """`1` → "1. Directe veiligheid"; nothing when no phase is set."""
    if value in (None, ""):
        return ""
    try:
        return Phase(int(value)).label
    except ValueError:
        return ""
