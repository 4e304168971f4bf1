"""What a model says about itself as part of a dossier: one declaration per model, read by the
visibility policy (R6), the audit trail (R12) and destruction (R15) in `casefile`.

A model that belongs to a dossier sets a class attribute::

    class Entry(models.Model):
        ...
        dossier_record = DossierRecord(
            dossier="dossier",
            thing=_("een notitie"),
            family=Q(visibility="family"),
            about="about_members",
            personal_data=("text", "about_members"),
        )

`casefile.records` finds every declaration across the installed apps, so an app never has to
list its models anywhere else, and a test fails for a model with free text that declares none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class DossierRecord:
    # The lookup from a row to the pk of its dossier, e.g. "dossier" or "decision__dossier".
    dossier: str
    # What the family's access log calls one row, in plain Dutch ("een notitie").
    thing: str
    # The rows a family member may see at all (R7: open by default); None: none of them.
    family: Q | None = Q()
    # The members a row is about. A child of 12–15 sees rows about them and rows about nobody
    # in particular, which are about the whole household. None: always the whole household.
    about: str | None = None
    # False: a child of 12–15 sees no row of this kind, whatever it is about.
    child: bool = True
    # The member whose own request or statement a row is: only they and professionals see it.
    own: str | None = None
    # Fields a child of 12–15 does not read although they see the row (an involvement's reason).
    child_hidden: tuple[str, ...] = ()
    # Text, many-to-many and file fields that destruction on request empties (R15).
    personal_data: tuple[str, ...] = ()
    # Fields that name a stored file (Django's storage API): the file goes, the name is emptied.
    files: tuple[str, ...] = ()
    # The storage (a key of settings.STORAGES) that holds the `files`.
    storage: str = "default"
    # True: the files copy the dossier's entries (a PDF copy), so destroying some entries takes
    # them too. False: they are documents of their own, destroyed with the whole dossier only.
    files_copy_entries: bool = True
    # Free text that stays after a destruction on purpose (its stub, say); each with a reason.
    kept: tuple[str, ...] = ()
    # What identifies the people themselves; emptied only when the whole dossier is destroyed
    # at the end of its retention (R15), never on a member's request.
    identity: tuple[str, ...] = ()
    # The lookup from a row to the entry it belongs to, so destroying one entry takes it along.
    entry: str | None = None
    # False: the row's changes stay out of the dossier's audit trail (a step inside a record
    # that the trail shows already, such as a decision's transitions).
    in_trail: bool = True
