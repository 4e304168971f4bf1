"""The procedures panel on a dossier's page: what is open, in one query."""

from __future__ import annotations

from django import template

from procedures import selectors

register = template.Library()


@register.simple_tag
def procedure_counts(dossier) -> dict[str, int]:
    return selectors.procedure_counts(dossier=dossier)
