"""Reads of the casefile app, already filtered through casefile.access."""

from .audit_trail import audit_trail_items, audit_trail_list
from .dossiers import (
    access_event_list,
    dossier_get,
    dossier_list,
    entry_get,
    entry_list,
    involvement_get,
    involvement_list,
    lead_choices,
    member_list,
    professional_choices,
)
from .family import (
    family_decision_get,
    family_decision_list,
    family_dossier_get,
    family_dossier_list,
    family_entry_list,
    family_measure_list,
    family_member_list,
    family_member_of,
    withheld_summary,
)

__all__ = [
    "audit_trail_items",
    "audit_trail_list",
    "family_decision_get",
    "family_decision_list",
    "family_dossier_get",
    "family_dossier_list",
    "family_entry_list",
    "family_measure_list",
    "family_member_list",
    "family_member_of",
    "withheld_summary",
    "access_event_list",
    "dossier_get",
    "dossier_list",
    "entry_get",
    "entry_list",
    "involvement_get",
    "involvement_list",
    "lead_choices",
    "member_list",
    "professional_choices",
]
