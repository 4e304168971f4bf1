"""Writes of the casefile app: dossiers, involvements, the timeline and its access log."""

from .dossiers import (
    dossier_lead_change,
    dossier_open,
    dossier_phase_record,
    dossier_summary_update,
    entry_add,
    entry_correct,
    involvement_add,
    involvement_end,
    involvement_start,
    own_statement_add,
    timeline_event,
)
from .households import (
    household_register,
    household_update,
    member_account_link,
    member_add,
    member_leave,
    member_update,
    network_contact_add,
    network_contact_update,
)

__all__ = [
    "dossier_lead_change",
    "dossier_open",
    "dossier_phase_record",
    "dossier_summary_update",
    "entry_add",
    "entry_correct",
    "household_register",
    "household_update",
    "involvement_add",
    "involvement_end",
    "involvement_start",
    "member_account_link",
    "member_add",
    "member_leave",
    "member_update",
    "network_contact_add",
    "network_contact_update",
    "own_statement_add",
    "timeline_event",
]
