from .copies import CopyRequest
from .decisions import Decision, DecisionTransition, DecisionView, HearingInvitation
from .dossiers import (
    AccessEvent,
    Dossier,
    DossierGroupObjectPermission,
    DossierUserObjectPermission,
    Entry,
    Involvement,
)
from .requests import (
    Complaint,
    ComplaintStatusChange,
    CorrectionRequest,
    DestructionRequest,
    OwnStatement,
)

__all__ = [
    "AccessEvent",
    "Dossier",
    "DossierGroupObjectPermission",
    "DossierUserObjectPermission",
    "Entry",
    "Involvement",
    "Complaint",
    "CopyRequest",
    "ComplaintStatusChange",
    "CorrectionRequest",
    "Decision",
    "DecisionTransition",
    "DecisionView",
    "DestructionRequest",
    "HearingInvitation",
    "OwnStatement",
]
