from .audit import AuditCheck, AuditSeal
from .dossiers import (
    AccessEvent,
    Dossier,
    DossierGroupObjectPermission,
    DossierUserObjectPermission,
    Entry,
    Involvement,
    OwnStatement,
    Phase,
)

__all__ = [
    "AccessEvent",
    "AuditCheck",
    "AuditSeal",
    "Dossier",
    "DossierGroupObjectPermission",
    "DossierUserObjectPermission",
    "Entry",
    "Involvement",
    "OwnStatement",
    "Phase",
]
