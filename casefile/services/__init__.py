"""Writes of the casefile app, one module per part of the domain."""

from .dossiers import (
    access_event_record,
    dossier_lead_change,
    dossier_open,
    dossier_summary_update,
    entry_add,
    entry_correct,
    involvement_add,
    involvement_end,
)

__all__ = [
    "access_event_record",
    "dossier_lead_change",
    "dossier_open",
    "dossier_summary_update",
    "entry_add",
    "entry_correct",
    "involvement_add",
    "involvement_end",
]
