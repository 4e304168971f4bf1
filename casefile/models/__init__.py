from .dossiers import (
    AccessEvent,
    Dossier,
    DossierGroupObjectPermission,
    DossierUserObjectPermission,
    Entry,
    Involvement,
    OwnStatement,
)

__all__ = [
    "AccessEvent",
    "Dossier",
    "DossierGroupObjectPermission",
    "DossierUserObjectPermission",
    "Entry",
    "Involvement",
    "OwnStatement",
]
