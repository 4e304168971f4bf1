from .dossiers import (
    AccessEvent,
    Dossier,
    DossierGroupObjectPermission,
    DossierUserObjectPermission,
    Entry,
    Involvement,
)

__all__ = [
    "AccessEvent",
    "Dossier",
    "DossierGroupObjectPermission",
    "DossierUserObjectPermission",
    "Entry",
    "Involvement",
]
