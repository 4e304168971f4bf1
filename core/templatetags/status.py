"""Status tags (NL Design System "data badge"): a status as a word with a tone.

`{% status_tag decision.state decision.get_state_display %}` →
`<strong class="tag tag--info">Gezin wordt gehoord</strong>`. The tone follows the value, so the
same status looks the same on every page; the word carries the meaning, never the colour alone.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()

TONES = {
    # Safety phases (casefile.models.Phase): direct safety is the acute one.
    "1": "danger",
    "2": "warning",
    "3": "info",
    # Decisions (procedures.Decision.State).
    "draft": "neutral",
    "hearing": "info",
    "decided": "success",
    "withdrawn": "neutral",
    # Complaints (procedures.Complaint.Status).
    "received": "info",
    "in_progress": "info",
    "handled": "success",
    # Correction and destruction requests (procedures.RequestStatus), and dossiers.
    "open": "warning",
    "accepted": "success",
    "refused": "neutral",
    "closed": "neutral",
    # Measures (safety.Measure.Status).
    "requested": "info",
    "active": "warning",
    "ended": "neutral",
}
TONE_NAMES = {"danger", "warning", "info", "success", "neutral"}


@register.simple_tag
def status_tag(value, label, tone: str = ""):
    """A tag for `value` with the text `label`; `tone` overrides the table (danger, warning …)."""
    if value in (None, ""):
        return ""
    tone = tone if tone in TONE_NAMES else TONES.get(str(value), "neutral")
    return format_html('<strong class="tag tag--{}">{}</strong>', tone, label)
