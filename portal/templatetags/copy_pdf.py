"""For the PDF copy's stylesheet (templates/portal/copy_pdf.html)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def css_string(value) -> SafeString:
    """`value` as a quoted CSS string, for `content:` in a page margin box.

    Every character but letters, digits and spaces is written as a CSS escape (`\\00003c `; the
    space ends the escape and is not shown), so a household label can neither end the string nor
    the <style> element."""
    escaped = "".join(
        char if char.isalnum() or char == " " else f"\\{ord(char):06x} " for char in str(value)
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 (nothing but letters, digits and escapes)
