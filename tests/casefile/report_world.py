"""A small municipality with known figures for 2024, for the report tests (R16).

Rows are dated by saving instances after the services made them (the services date everything
now); the figures each test expects are written next to how they come about.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import Municipality
from casefile.models import Involvement
from households.models import Member
from procedures.models import Complaint, Decision
from safety.models import MdaChange, Measure, PhaseChange, SafetyAssessment
from tests.factories import (
    MemberFactory,
    MunicipalityFactory,
    OrganisationFactory,
    SafetyUserFactory,
    UserFactory,
    open_dossier,
)

FROM = datetime.date(2024, 1, 1)
TO = datetime.date(2024, 12, 31)


def at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def born(age: int, on: datetime.date = TO) -> datetime.date:
    """A birth date at which someone is `age` on `on` (well clear of a birthday)."""
    return on.replace(year=on.year - age, month=6, day=1)


def _dossier(lead, *, opened, closed=None, members=0):
    dossier = open_dossier(lead=lead, members=members)
    dossier.opened_at = opened
    if closed is not None:
        dossier.status = dossier.Status.CLOSED
        dossier.closed_at = closed
    dossier.save()
    return dossier


class ReportWorld:
    """Utrecht in 2024. Expected figures (min count 5) are in EXPECTED."""

    def __init__(self):
        self.utrecht = MunicipalityFactory(code="GM0344", name="Utrecht")
        self.amersfoort = MunicipalityFactory(code="GM0307", name="Amersfoort")
        self.lead = UserFactory(username="report-lead")
        self.safety = SafetyUserFactory(username="report-safety")
        lead = self.lead

        # Dossiers: 8 open at the start (A 6, B 2), 6 opened (C 5, D 1), 3 closed (B 2, D 1),
        # 11 open at the end (A 6, C 5).
        self.a = [_dossier(lead, opened=at(2023, 6, 1)) for _ in range(6)]
        self.b = [_dossier(lead, opened=at(2023, 6, 1), closed=at(2024, 5, 1)) for _ in range(2)]
        self.c = [_dossier(lead, opened=at(2024, 3, 1)) for _ in range(5)]
        self.d = _dossier(lead, opened=at(2024, 2, 1), closed=at(2024, 10, 1))
        self.later = _dossier(lead, opened=at(2025, 1, 15))  # after the period
        elsewhere = UserFactory(
            username="report-elsewhere",
            organisation=OrganisationFactory(municipalities=[self.amersfoort]),
        )
        self.elsewhere = _dossier(elsewhere, opened=at(2023, 1, 1))  # another municipality

        # Phase at the end: A in phase 2 (one moves to 1 only in 2025), 3 of C in phase 1,
        # B (closed) in phase 3. So: phase 1: 3 (hidden), phase 2: 6, phase 3: 0.
        for dossier in self.a:
            self._phase(dossier, 2, at(2024, 4, 1))
        self._phase(self.a[0], 1, at(2025, 1, 2))
        for dossier in self.c[:3]:
            self._phase(dossier, 1, at(2024, 3, 2))
        for dossier in self.b:
            self._phase(dossier, 3, at(2024, 2, 1))
        self._phase(self.elsewhere, 1, at(2024, 2, 1))

        # Acute assessments in 2024: 5 (plus one in 2023, one not acute, one elsewhere).
        for dossier in self.a[:5]:
            self._assessment(dossier, datetime.date(2024, 7, 1), acute=True)
        self._assessment(self.a[5], datetime.date(2023, 7, 1), acute=True)
        self._assessment(self.a[5], datetime.date(2024, 7, 1), acute=False)
        self._assessment(self.elsewhere, datetime.date(2024, 7, 1), acute=True)

        # MDA++ at the end: 2 (hidden); one more was marked and unmarked in the period.
        for dossier in self.a[:2]:
            self._mda(dossier, True, at(2024, 5, 1))
        self._mda(self.a[2], True, at(2024, 5, 1))
        self._mda(self.a[2], False, at(2024, 6, 1))

        # Joins in 2024: 5, into C, 2/4/6/8/10 days after opening: median 6.0. One more in
        # 2023 into A (not counted, and A's first join was before the period).
        for days, dossier in zip((2, 4, 6, 8, 10), self.c, strict=True):
            self._join(dossier, dossier.opened_at + datetime.timedelta(days=days))
        self._join(self.a[0], at(2023, 8, 1))

        # Measures (OTS): 6 running at the start (A), 1 of them ended in 2024, 2 started in
        # 2024 (C): at start 6, started 2, ended 1, at end 7. Plus one only requested and one
        # elsewhere, neither counted.
        for dossier in self.a:
            self._measure(dossier, datetime.date(2023, 9, 1))
        first = Measure.objects.get(dossier=self.a[0])
        first.status = Measure.Status.ENDED
        first.ended_on = datetime.date(2024, 6, 1)
        first.end_reason = "Doel bereikt"
        first.ended_by = lead
        first.save()
        for dossier in self.c[:2]:
            self._measure(dossier, datetime.date(2024, 4, 1))
        self._measure(self.c[2], datetime.date(2024, 4, 1), status=Measure.Status.REQUESTED)
        self._measure(self.elsewhere, datetime.date(2024, 4, 1))

        # Decisions decided in 2024: 5 after a hearing of 1..5 days (median 3.0), 1 urgent.
        for days, dossier in zip((1, 2, 3, 4, 5), self.a[:5], strict=True):
            self._decision(dossier, at(2024, 9, 1), days=days)
        self._decision(self.a[5], at(2024, 9, 1), urgent=True)
        self._decision(self.a[5], at(2023, 9, 1), days=2)  # before the period

        # Complaints: 6 received in 2024, 5 answered within their term, 1 overdue at the end.
        member = MemberFactory(household=self.a[0].household, date_of_birth=born(40))
        for _ in range(5):
            self._complaint(member, received=at(2024, 3, 1), answered=at(2024, 3, 20))
        self._complaint(member, received=at(2024, 11, 1))

        # Members by age at the end of 2024, in households whose dossier was open in 2024:
        # 0-3: 5, 12-17: 1, 23-64: 6 (with the complainant above), 65-100: 1 (101 by then),
        # total 13. The two small cells add up to 2, so each must be 1: both groups next to
        # them are hidden too (secondary suppression).
        household = self.a[1].household
        for _ in range(5):
            MemberFactory(household=household, first_name="Peuter", date_of_birth=born(2))
        MemberFactory(household=household, first_name="Tiener", date_of_birth=born(15))
        for _ in range(4):
            MemberFactory(household=household, first_name="Ouder", date_of_birth=born(40))
        MemberFactory(household=self.d.household, first_name="Marijke", date_of_birth=born(40))
        MemberFactory(household=household, first_name="Overgrootvader", date_of_birth=born(101))
        MemberFactory(  # left before the period
            household=household,
            first_name="Vertrokken",
            date_of_birth=born(40),
            left_on=datetime.date(2023, 12, 1),
        )
        MemberFactory(
            household=household, first_name="Later", date_of_birth=datetime.date(2025, 2, 1)
        )
        MemberFactory(household=self.later.household, first_name="Nieuw", date_of_birth=born(30))
        MemberFactory(
            household=self.elsewhere.household, first_name="Elders", date_of_birth=born(30)
        )

    # --- builders -------------------------------------------------------------------------------

    def _phase(self, dossier, phase, when):
        PhaseChange.objects.create(
            dossier=dossier, phase=phase, reason="Test", changed_by=self.lead, changed_at=when
        )

    def _assessment(self, dossier, day, *, acute):
        SafetyAssessment.objects.create(
            dossier=dossier,
            assessed_on=day,
            assessed_by=self.lead,
            acute_danger=acute,
            structural_unsafety=False,
            risk_level="acute" if acute else "low",
            findings="Test",
            actions_now="Test",
        )

    def _mda(self, dossier, marked, when):
        MdaChange.objects.create(
            dossier=dossier, marked=marked, reason="Test", changed_by=self.lead, changed_at=when
        )

    def _join(self, dossier, when):
        Involvement.objects.create(
            dossier=dossier,
            professional=self.safety,
            organisation=self.safety.organisation,
            kind=Involvement.Kind.JOINED,
            expertise="Veiligheid",
            reason="Test",
            added_by=self.safety,
            started_at=when,
        )

    def _measure(self, dossier, starts_on, status=Measure.Status.ACTIVE):
        Measure.objects.create(
            dossier=dossier,
            kind=Measure.Kind.OTS,
            legal_basis="BW 1:255",
            decided_by=Measure.DecidedBy.COURT,
            starts_on=starts_on,
            status=status,
            recorded_by=self.lead,
        )

    def _decision(self, dossier, decided_at, *, days=0, urgent=False):
        Decision.objects.create(
            dossier=dossier,
            kind=Decision.Kind.AGREEMENT,
            title="Test",
            proposal="Test",
            proposed_by=self.lead,
            state=Decision.State.DECIDED,
            is_urgent=urgent,
            urgent_reason="Acuut" if urgent else "",
            hearing_started_at=None if urgent else decided_at - datetime.timedelta(days=days),
            hearing_deadline=decided_at.date(),
            outcome="Besloten",
            decided_at=decided_at,
            decided_by=self.lead,
        )

    def _complaint(self, member: Member, *, received, answered=None):
        Complaint.objects.create(
            dossier=member.household.dossier,
            member=member,
            about=Complaint.About.DOSSIER,
            text="Test",
            filed_by=self.lead,
            received_at=received,
            due_on=received.date() + datetime.timedelta(weeks=6),
            status=Complaint.Status.HANDLED if answered else Complaint.Status.RECEIVED,
            outcome=Complaint.Outcome.FOUNDED if answered else "",
            answer="Antwoord" if answered else "",
            answered_at=answered,
            answered_by=self.lead if answered else None,
        )

    def municipality(self) -> Municipality:
        return self.utrecht


# key → value as published (None: hidden). Notes: "p" primary, "s" secondary.
EXPECTED = {
    "dossiers.open_at_start": 8,
    "dossiers.opened": None,  # s: otherwise closed = 8 + 6 - 11
    "dossiers.closed": None,  # p: 3
    "dossiers.open_at_end": 11,
    "phases.1": None,  # p: 3
    "phases.2": 6,
    "phases.3": 0,
    "safety.acute_assessments": 5,
    "safety.mda_dossiers": None,  # p: 2
    "joins.count": 5,
    "joins.median_days_to_first_join": 6.0,
    "measures.ots.at_start": 6,
    "measures.ots.started": None,  # p: 2
    "measures.ots.ended": None,  # p: 1
    "measures.ots.at_end": 7,
    "measures.total.at_start": 6,
    "measures.total.started": None,  # p: 2
    "measures.total.ended": None,  # p: 1
    "measures.total.at_end": 7,
    "measures.guardianship.at_start": 0,
    "decisions.after_hearing": 5,
    "decisions.urgent": None,  # p: 1
    "decisions.median_days_in_hearing": 3.0,
    "complaints.received": 6,
    "complaints.answered_in_time": 5,
    "complaints.overdue": None,  # p: 1
    "ages.0_3": None,  # s
    "ages.4_11": 0,
    "ages.12_17": None,  # p: 1
    "ages.18_22": 0,
    "ages.23_64": None,  # s
    "ages.65_100": None,  # p: 1
    "ages.total": 13,
}
PERSONAL = ["Peuter", "Tiener", "Ouder", "Overgrootvader", "Marijke", "Vertrokken"]
