"""Every model (and the few rules) seed_scale uses from the apps, imported in this one place.

When a model moves to another app (keeping its table), fix its import here; the rest of
`scale` imports the apps only through this module.
"""

from auditlog.models import LogEntry
from django.contrib.auth.models import Permission

from accounts.models import Municipality, Organisation, User
from casefile import access
from casefile.models import (
    AccessEvent,
    AuditSeal,
    Dossier,
    DossierUserObjectPermission,
    Entry,
    Involvement,
)
from core.dates import add_working_days, age_on
from households.models import Household, Member, NetworkContact
from procedures.models import (
    Complaint,
    ComplaintStatusChange,
    Decision,
    DecisionTransition,
    DecisionView,
    HearingInvitation,
)
from safety.models import (
    HouseholdSearch,
    MdaChange,
    Measure,
    PhaseChange,
    SafetyAgreement,
    SafetyAssessment,
    SafetyPlan,
)

__all__ = [
    "access",
    "add_working_days",
    "age_on",
    "AccessEvent",
    "AuditSeal",
    "Complaint",
    "ComplaintStatusChange",
    "Decision",
    "DecisionTransition",
    "DecisionView",
    "Dossier",
    "DossierUserObjectPermission",
    "Entry",
    "HearingInvitation",
    "Household",
    "HouseholdSearch",
    "Involvement",
    "LogEntry",
    "MdaChange",
    "Measure",
    "Member",
    "Municipality",
    "NetworkContact",
    "Organisation",
    "Permission",
    "PhaseChange",
    "SafetyAgreement",
    "SafetyAssessment",
    "SafetyPlan",
    "User",
]
