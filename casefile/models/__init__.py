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
    "Dossier",
    "DossierGroupObjectPermission",
    "DossierUserObjectPermission",
    "Entry",
    "Involvement",
    "OwnStatement",
    "Phase",
]
