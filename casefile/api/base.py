"""API views that read or act on a dossier stand on `DossierApiView`.

It adds the one way to fetch a dossier for the caller (404 when they may not see it) to the
declared-access base in `core.api`.
"""

from __future__ import annotations

from casefile import access, selectors
from casefile.models import AccessEvent, Dossier
from core.api import ApiView


class DossierApiView(ApiView):
    def read_dossier(self, dossier_id) -> Dossier:
        """The dossier as this caller may read it (else 404); logged as an API read (R12)."""
        user = self.request.user
        if user.is_family:
            dossier = selectors.family_dossier_get(
                user=user,
                dossier_id=dossier_id,
                action=AccessEvent.Action.API_VIEW,
                remote_addr=self.remote_addr,
            )
        else:
            dossier = selectors.dossier_get(
                user=user,
                dossier_id=dossier_id,
                action=AccessEvent.Action.API_VIEW,
                remote_addr=self.remote_addr,
            )
        self.check_object_permissions(self.request, dossier)
        return dossier

    def dossier_for_action(self, dossier_id) -> Dossier:
        """A dossier the caller may see (else 404) and may do this to (else 403)."""
        dossier = access.readable_dossier_or_404(self.request.user, dossier_id)
        self.check_object_permissions(self.request, dossier)
        return dossier

    @property
    def reads_as_family(self) -> bool:
        return self.request.user.is_family
