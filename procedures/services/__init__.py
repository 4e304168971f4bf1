"""Writes of legal protection: decisions with hearing, complaints, requests, retention."""

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
from .requests import (
    correction_request_accept,
    correction_request_file,
    correction_request_refuse,
    destruction_request_accept,
    destruction_request_file,
    destruction_request_refuse,
)
from .retention import (
    dossier_destruction_confirm,
    dossiers_flag_expired_retention,
)

__all__ = [
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
    "dossier_destruction_confirm",
    "dossiers_flag_expired_retention",
]
