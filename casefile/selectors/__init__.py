"""Reads of the casefile app, already filtered through casefile.access."""

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

__all__ = [
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
