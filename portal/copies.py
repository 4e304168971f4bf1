"""What goes into a PDF copy: exactly what its reader may see, nothing more (AVG art. 15, R7).

A family member gets their `/mijn-dossier/` in full (the timeline within the 12–15 rule, the
withheld count but never the content); the lead gets the whole dossier, as on the dossier page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import User
from agenda import selectors as agenda_selectors
from agenda.models import Meeting, Task
from casefile import visibility
from casefile.models import Dossier
from casefile.selectors import entry_list, member_list
from documents import selectors as document_selectors
from documents.models import Document
from procedures.selectors import (
    complaint_list,
    correction_request_list,
    decision_list,
    destruction_request_list,
)

from . import looks
from . import selectors as family_portal


@dataclass
class CopyContent:
    dossier: Dossier
    is_family: bool
    reader_name: str
    reads_only_own: bool
    members: list
    helpers: list
    entries: list
    decisions: list
    complaints: list
    corrections: list
    destructions: list
    safety: family_portal.FamilySafety
    log: list  # every line but the reader's own looks, which `own_looks` counts
    withheld: object | None = None
    notes: list = field(default_factory=list)
    own_looks: family_portal.AccessLog | None = None
    je: bool = False  # a child of 12–15 is addressed with "je"
    documents: list = field(default_factory=list)  # named: the ones the reader may see
    documents_withheld: int = 0  # listed as a count only (R7: how many, never what)
    tasks: list = field(default_factory=list)  # the reader's visible tasks, open ones first
    meetings: list = field(default_factory=list)
    agenda_withheld: int = 0  # tasks and meetings kept from the family: a count only (R7)


def copy_content(*, user: User, dossier: Dossier) -> CopyContent:
    """The caller checked `access.can_request_copy(user, dossier)`."""
    reader = visibility.reader_for(user, dossier)
    access_log = looks.access_log(reader=reader, dossier=dossier)
    log = looks.access_log_lines(dossier=dossier, rows=access_log.rows)
    documents = list(document_selectors.document_list(reader=reader))
    documents_withheld = visibility.withheld(reader, Document.objects.all()).count()
    agenda = {
        "tasks": list(agenda_selectors.task_list(reader=reader)),
        "meetings": list(agenda_selectors.meeting_brief_list(reader=reader)),
        "agenda_withheld": visibility.withheld(reader, Task.objects.all()).count()
        + visibility.withheld(reader, Meeting.objects.all()).count(),
    }
    if reader.is_family:
        dossier.reader = reader
        portal = family_portal.family_portal(dossier=dossier, with_views=True)
        requests = family_portal.own_request_list(reader=reader)
        return CopyContent(
            dossier=dossier,
            is_family=True,
            reader_name=portal.member.full_name,
            reads_only_own=portal.reads_only_own,
            members=portal.members,
            helpers=portal.helpers,
            entries=list(family_portal.timeline(reader=reader)),
            decisions=portal.decisions,
            complaints=requests.complaints,
            corrections=requests.corrections,
            destructions=requests.destructions,
            safety=portal.safety,
            log=log,
            withheld=portal.withheld,
            own_looks=access_log,
            je=reader.is_child,
            documents=documents,
            documents_withheld=documents_withheld,
            **agenda,
        )
    return CopyContent(
        dossier=dossier,
        is_family=False,
        reader_name=user.display_name,
        reads_only_own=False,
        members=list(member_list(dossier=dossier)),
        helpers=family_portal.helper_list(reader=reader, dossier=dossier),
        entries=list(entry_list(dossier=dossier)),
        decisions=list(decision_list(dossier=dossier)),
        complaints=list(complaint_list(dossier=dossier)),
        corrections=list(correction_request_list(dossier=dossier)),
        destructions=list(destruction_request_list(dossier=dossier)),
        safety=family_portal.family_safety(reader=reader),
        log=log,
        own_looks=access_log,
        documents=documents,
        **agenda,
    )
