"""Who handles a complaint (R10) and who confirms a destruction (R15): the officers' rules.

`casefile.access` decides everything about dossiers, but it cannot know a complaint (that model
lives here, a layer up). These rules are decided here, once, and every channel (pages, services,
notifications) calls them:

- A complaint about a professional's conduct goes to the complaints officers of that
  professional's organisation. A complaint about the dossier as a whole goes to those of the
  organisation of the dossier's lead: that organisation is responsible for how the dossier is
  run. The lead and every other professional only read a complaint; none of them answers it.
- A complaints officer sees the complaints routed to their organisation, the items a complaint
  names and its trail, nothing else of the dossier: every other page stays a 404, since
  `casefile.access.dossiers_visible_to` never lists a dossier for them.
- Only a privacy officer confirms a dossier's destruction.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User

from .models import Complaint


def _routed_to(organisation_id) -> Q:
    """The complaints that belong to one organisation: the one routing rule, in SQL."""
    return Q(
        about=Complaint.About.CONDUCT, about_professional__organisation_id=organisation_id
    ) | Q(about=Complaint.About.DOSSIER, dossier__lead__organisation_id=organisation_id)


def complaint_organisation_id(complaint: Complaint):
    """The organisation whose complaints officer handles this complaint (see the module)."""
    if complaint.about == Complaint.About.CONDUCT and complaint.about_professional_id:
        return complaint.about_professional.organisation_id
    return complaint.dossier.lead.organisation_id


def complaints_handled_by(user: User) -> QuerySet[Complaint]:
    """The complaints this user handles: an active officer, their own organisation's only."""
    if not user.is_authenticated or not user.is_complaints_officer:
        return Complaint.objects.none()
    return Complaint.objects.filter(_routed_to(user.organisation_id))


def can_handle_complaint(user: User, complaint: Complaint) -> bool:
    """Start and answer a complaint; never the professional it is about (an officer is none)."""
    return complaints_handled_by(user).filter(pk=complaint.pk).exists()


def handled_complaint_or_404(user: User, complaint_id, queryset=None) -> Complaint:
    queryset = queryset if queryset is not None else Complaint.objects.all()
    complaint = queryset.filter(pk__in=complaints_handled_by(user).values("pk"), pk=complaint_id)
    found = complaint.first()
    if found is None:
        raise Http404
    return found


def complaint_officers(complaint: Complaint) -> QuerySet[User]:
    """The active officers a new complaint is sent to; empty when the organisation has none."""
    organisation_id = complaint_organisation_id(complaint)
    if organisation_id is None:
        return User.objects.none()
    return User.objects.filter(
        role=User.Role.COMPLAINTS_OFFICER, is_active=True, organisation_id=organisation_id
    )


def can_confirm_destruction(user: User) -> bool:
    """R15: the privacy officer, and nobody else, confirms a dossier's destruction."""
    return user.is_authenticated and user.is_privacy_officer
