"""Reads of the casefile app, already filtered through casefile.access and the policy."""

from .audit_trail import audit_trail_items, audit_trail_list
from .dossiers import (
    dossier_get,
    dossier_list,
    dossier_page,
    dossier_rows,
    entry_get,
    entry_list,
    involvement_get,
    involvement_list,
    lead_choices,
    member_list,
    professional_choices,
)
from .family import (
    family_dossier_get,
    family_dossier_list,
    family_entry_list,
    family_member_list,
    withheld_summary,
)

__all__ = [
    "audit_trail_items",
    "audit_trail_list",
    "dossier_get",
    "dossier_list",
    "dossier_page",
    "dossier_rows",
    "entry_get",
    "entry_list",
    "family_dossier_get",
    "family_dossier_list",
    "family_entry_list",
    "family_member_list",
    "involvement_get",
    "involvement_list",
    "lead_choices",
    "member_list",
    "professional_choices",
    "withheld_summary",
]
