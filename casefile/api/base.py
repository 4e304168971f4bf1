"""API views that read or act on a dossier stand on `DossierApiView`.

It adds to the declared-access base in `core.api` the one way to fetch a dossier for the caller
(404 when they may not see it), with the caller as its reader (`casefile.visibility`), and it
records every dossier an answer showed as an access event (`casefile.reads`, R12).
"""

from __future__ import annotations

from casefile import access, reads, selectors
from casefile.models import AccessEvent, Dossier
from core.api import ApiView


class DossierApiView(ApiView):
    def initial(self, request, *args, **kwargs):
        self.dossiers_read: list[Dossier] = []
        self.dossiers_listed: list[Dossier] = []
        super().initial(request, *args, **kwargs)

    def read_dossier(self, dossier_id) -> Dossier:
        """The dossier as this caller may read it (else 404), with `dossier.reader`."""
        user = self.request.user
        if user.is_family:
            dossier = selectors.family_dossier_get(user=user, dossier_id=dossier_id)
        else:
            dossier = selectors.dossier_get(user=user, dossier_id=dossier_id)
        self.check_object_permissions(self.request, dossier)
        self.dossiers_read.append(dossier)
        return dossier

    def dossier_for_action(self, dossier_id) -> Dossier:
        """A dossier the caller may see (else 404) and may do this to (else 403)."""
        dossier = access.readable_dossier_or_404(self.request.user, dossier_id)
        self.check_object_permissions(self.request, dossier)
        return dossier

    @property
    def reads_as_family(self) -> bool:
        return self.request.user.is_family

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        shown = response.status_code < 300
        read = getattr(self, "dossiers_read", [])
        listed = getattr(self, "dossiers_listed", [])
        if shown and (read or listed):
            address = self.remote_addr
            reads.record_many(
                user=request.user,
                dossiers=read,
                action=AccessEvent.Action.API_VIEW,
                remote_addr=address,
            )
            reads.record_many(
                user=request.user,
                dossiers=listed,
                action=AccessEvent.Action.LIST,
                remote_addr=address,
            )
        return response
