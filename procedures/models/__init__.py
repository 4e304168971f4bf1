from .decisions import Decision, DecisionTransition, DecisionView, HearingInvitation
from .requests import (
    Complaint,
    ComplaintStatusChange,
    CorrectionRequest,
    DestructionRequest,
    DossierDestruction,
    RequestStatus,
)

__all__ = [
    "Complaint",
    "ComplaintStatusChange",
    "CorrectionRequest",
    "Decision",
    "DecisionTransition",
    "DecisionView",
    "DestructionRequest",
    "DossierDestruction",
    "HearingInvitation",
    "RequestStatus",
]
