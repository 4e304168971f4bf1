"""Demo content for the officers (DESIGN §6): on *Jansen* a complaint by Pieter about anna's
conduct, naming one entry. It is routed to `klachten`, the complaints officer of Buurtteam
Utrecht Noordoost, not to anna. Idempotent."""

from __future__ import annotations

from accounts.models import User
from casefile.models import Dossier, Entry
from procedures import services
from procedures.models import Complaint


def load(users: dict[str, User]) -> None:
    dossier = Dossier.objects.filter(household__label="Jansen").first()
    anna, pieter = users["anna"], users["pieter.jansen"]
    if (
        dossier is None
        or Complaint.objects.filter(
            dossier=dossier, about_professional=anna, member__user=pieter
        ).exists()
    ):
        return
    named = (
        Entry.objects.filter(
            dossier=dossier, kind=Entry.Kind.NOTE, visibility=Entry.Visibility.FAMILY
        )
        .order_by("created_at")
        .first()
    )
    services.complaint_file(
        actor=pieter,
        dossier=dossier,
        about=Complaint.About.CONDUCT,
        about_professional=anna,
        text=(
            "Anna heeft in het gesprek niet naar mij geluisterd. "
            "In de notitie staat dat ik boos werd, maar dat klopt niet."
        ),
        entries=[named] if named else [],
    )
