"""Writes of the casefile app, one module per part of the domain."""

from .complaints import complaint_answer, complaint_file, complaint_start
from .decisions import (
    decision_decide,
    decision_decide_urgent,
    decision_propose,
    decision_start_hearing,
    decision_view_give,
    decision_weigh,
    decision_withdraw,
)
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
from .joins import involvement_join
from .requests import (
    correction_request_accept,
    correction_request_file,
    correction_request_refuse,
    destruction_request_accept,
    destruction_request_file,
    destruction_request_refuse,
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
    "involvement_join",
    "complaint_answer",
    "complaint_file",
    "complaint_start",
    "correction_request_accept",
    "correction_request_file",
    "correction_request_refuse",
    "decision_decide",
    "decision_decide_urgent",
    "decision_propose",
    "decision_start_hearing",
    "decision_view_give",
    "decision_weigh",
    "decision_withdraw",
    "destruction_request_accept",
    "destruction_request_file",
    "destruction_request_refuse",
]
