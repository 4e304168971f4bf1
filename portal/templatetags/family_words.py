"""Plain words on the family's pages: one line for a term from the professionals' world."""

from __future__ import annotations

from django import template

from portal import selectors

register = template.Library()


@register.simple_tag
def plain_words(*texts) -> list[str]:
    """`{% plain_words entry.text as notes %}`: the explanations the texts need, each once."""
    return selectors.plain_words(*texts)
