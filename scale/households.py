"""One seeded household with its dossier and everything in it, as years of use would leave it.

Each household has its own random generator (seeded with `--seed` and its number), so the
world is the same however it is split over transactions or processes. Every row is what the
services would have written: the timeline lines they add, an audit row per created object and
per change, access events, and the guardian grants `access.dossier_sync` leaves.

Household 0 is the showcase the benchmark uses: lead0001's dossier of the Utrecht family with
exactly SHOWCASE_ENTRIES entries, family accounts family000001-1 (parent) and -2 (child, 14),
safety0001 involved, a decision decided and one in hearing, a complaint.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from . import procedures, safety_work, words
from .people import Person, address, between, born, bsn_for, new_id, utc_text, weighted
from .rows import Rows
from .schema import (
    AccessEvent,
    Dossier,
    DossierUserObjectPermission,
    Entry,
    Household,
    HouseholdSearch,
    Involvement,
    Member,
    NetworkContact,
    User,
    access,
    age_on,
)
from .staff import EMAIL_DOMAIN, Staff

SHOWCASE_ENTRIES = 200
MEMBER_COUNTS = {1: 10, 2: 18, 3: 22, 4: 23, 5: 13, 6: 8, 7: 4, 8: 2}  # mean 3.6
EXTRA_INVOLVEMENTS = {0: 10, 1: 15, 2: 25, 3: 25, 4: 15, 5: 10}  # beside the lead; mean 2.5
MAX_INVOLVEMENTS = 6
WITHHELD_REASONS = {"child_safety": 50, "third_party_privacy": 35, "criminal_investigation": 15}

SECOND = datetime.timedelta(seconds=1)
DAY = datetime.timedelta(days=1)


@dataclass
class _Member:
    id: object
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    adult: bool
    since: datetime.datetime
    left_on: datetime.date | None = None
    user: Person | None = None
    account_at: datetime.datetime | None = None

    @property
    def repr_(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def sort_key(self):  # Member's ordering: date of birth
        return self.date_of_birth

    def current(self, at: datetime.datetime) -> bool:
        return self.since <= at and (self.left_on is None or at.date() < self.left_on)


@dataclass
class _Window:
    """An involvement: who, how, from when until when (None: still active)."""

    person: Person
    kind: str
    start: datetime.datetime
    end: datetime.datetime | None

    def active(self, at: datetime.datetime) -> bool:
        return self.start <= at and (self.end is None or at < self.end)


class HouseholdBuilder:
    def __init__(self, rows: Rows, staff: Staff, index: int, *, seed: int, now, today):
        self.rows, self.staff, self.index = rows, staff, index
        self.rng = random.Random(f"{seed}:household:{index}")  # noqa: S311 (made-up data, no secrets)
        self.now, self.today = now, today
        self.zone = timezone.get_default_timezone()
        self.showcase = index == 0
        self.team = staff.teams[staff.household_team[index]]
        self.municipality = staff.municipalities[self.team.municipality]
        self.lead = self.team.leads[0] if self.showcase else self.rng.choice(self.team.leads)
        self.entry_count = 0

    def build(self) -> None:
        rng = self.rng
        self.target = (
            SHOWCASE_ENTRIES if self.showcase else min(200, 20 + int(rng.expovariate(1 / 29)))
        )
        self._household()
        self._dossier()
        self._involvements()
        self._family_accounts()
        safety_work.safety(self)
        procedures.decisions(self)
        procedures.complaints(self)
        self._notes()
        self._access_events()
        self._grants()

    # --- helpers ---------------------------------------------------------------------------------

    def _day(self, at: datetime.datetime) -> datetime.date:
        return at.astimezone(self.zone).date()

    def _end_of(self, day: datetime.date) -> datetime.datetime:
        moment = datetime.datetime.combine(day, datetime.time(23, 59), tzinfo=self.zone)
        return moment.astimezone(datetime.UTC)

    def _writer(self, at) -> Person:
        """Who writes at that moment: mostly the lead, else someone involved then."""
        others = [w.person for w in self.windows[1:] if w.active(at)]
        return self.lead if not others or self.rng.random() < 0.6 else self.rng.choice(others)

    def _present(self, at, *, min_age=0) -> list[_Member]:
        present = [m for m in self.members if m.current(at)]
        if min_age:
            day = self._day(at)
            present = [m for m in present if age_on(m.date_of_birth, day) >= min_age]
        return present or self.members[:1]

    def _some(self, at, most=2, children_first=False) -> list[_Member]:
        present = self._present(at)
        if children_first:
            present = [m for m in present if not m.adult] or present
        return self.rng.sample(present, min(len(present), self.rng.randint(1, most)))

    def _entry(
        self, *, author: Person, at, text, kind="note", withheld="", corrects=None, about=()
    ):
        pk = new_id(self.rng)
        values = {
            "id": pk,
            "dossier_id": self.dossier_id,
            "kind": kind,
            "author_id": author.id,
            "author_organisation_id": author.organisation_id,
            "created_at": at,
            "text": text,
            "visibility": "withheld" if withheld else "family",
            "withheld_reason": withheld,
            "corrects_id": corrects,
        }
        audit = {
            "actor": author,
            "at": at,
            "addr": author.addr,
            "repr_": f"{self.label} {at:%Y-%m-%d}",
        }
        self.rows.add(Entry, values, **audit)
        self.rows.m2m(Entry, "about_members", pk, list(about), **audit)
        self.entry_count += 1
        # As `casefile.services` keeps it: the newest entry's time.
        last = self.dossier.get("last_activity")
        self.dossier["last_activity"] = at if last is None or at > last else last
        return values

    def _event(self, author: Person, at, text: str, about=()) -> None:
        """A timeline line that a service writes about something that happened."""
        self._entry(author=author, at=at, text=text, kind="event", about=about)

    def _text(self, at, withheld: bool) -> str:
        rng = self.rng
        present = self._present(at)
        adults = [m.first_name for m in present if m.adult] or [present[0].first_name]
        children = [m.first_name for m in present if not m.adult] or adults
        names = {
            "adult": rng.choice(adults),
            "adult2": rng.choice(adults),
            "child": rng.choice(children),
            "name": rng.choice(present).first_name,
        }
        pool = words.WITHHELD_NOTES if withheld else words.NOTES
        return " ".join(rng.choice(pool) for _ in range(rng.randint(1, 3))).format(**names)

    # --- household and members -----------------------------------------------------------------

    def _household(self) -> None:
        rng, lead = self.rng, self.lead
        days = 400 if self.showcase else min(3000, 14 + int(rng.expovariate(1 / 600)))
        self.opened = self.now - datetime.timedelta(days=days, seconds=rng.randrange(86400))
        self.closed = None
        if not self.showcase and days > 120 and rng.random() < 0.15:
            self.closed = between(rng, self.opened + 90 * DAY, self.now - DAY)
        self.end = self.closed or self.now
        surname = rng.choice(words.SURNAMES)
        self.label = surname[0].upper() + surname[1:]
        self.household_id = new_id(rng)
        created = self.opened - datetime.timedelta(minutes=rng.randint(5, 120))
        street = f"{rng.choice(words.STREETS)} {rng.randint(1, 250)}"
        confidential = not self.showcase and rng.random() < 0.02
        values = {
            "id": self.household_id,
            "label": self.label,
            "municipality_id": self.municipality[0],
            "street_address": "" if confidential else street,
            "postcode": "" if confidential else f"{rng.randint(1000, 9999)} {self._letters()}",
            "city": "" if confidential else self.municipality[2],
            "confidential_address": confidential,
            "created_at": created,
        }
        self.rows.add(Household, values, actor=lead, at=created, addr=lead.addr, repr_=self.label)
        self.members = []
        for position, (role, age, first, last) in enumerate(self._composition(surname)):
            self._member(position, role, age, first, last, created)
        self.contacts = []
        for _ in range(1 if self.showcase else weighted(rng, {0: 45, 1: 30, 2: 15, 3: 10})):
            name = f"{rng.choice(words.WOMEN + words.MEN)} {rng.choice(words.SURNAMES)}"
            relation = rng.choice(words.RELATIONS)
            at = between(rng, self.opened, self.end)
            pk = new_id(rng)
            values = {"id": pk, "household_id": self.household_id, "name": name}
            values["relation"] = relation
            self.rows.add(
                NetworkContact,
                values,
                actor=lead,
                at=at,
                addr=lead.addr,
                repr_=f"{name} ({relation})",
            )
            self.contacts.append(pk)

    def _letters(self) -> str:
        letters = "".join(self.rng.choice("ABCEGHJKLMNPRTVWXZ") for _ in range(2))
        return "AB" if letters in ("SA", "SD", "SS") else letters

    def _composition(self, surname: str) -> list[tuple]:
        """(role, age, first name, last name) for each member."""
        rng = self.rng
        if self.showcase:
            return [
                ("parent", 41, rng.choice(words.MEN), surname),
                ("parent", 38, rng.choice(words.WOMEN), surname),
                ("child", 14, rng.choice(words.CHILDREN), surname),
                ("child", 3, rng.choice(words.CHILDREN), surname),
                ("grandparent", 84, rng.choice(words.ELDERLY), surname),
            ]
        size = weighted(rng, MEMBER_COUNTS)
        if size == 1:
            return [("parent", rng.randint(19, 95), rng.choice(words.WOMEN + words.MEN), surname)]
        adults = 2 if rng.random() < 0.55 else 1
        grandparents = 1 if size - adults >= 2 and rng.random() < 0.15 else 0
        ages = [rng.randint(20, 58) for _ in range(adults)]
        first_names = rng.sample(words.WOMEN, 1) + rng.sample(words.MEN, 1)
        rng.shuffle(first_names)
        members = [
            (
                "parent" if rng.random() < 0.85 else "carer",
                age,
                first_names[i],
                surname if i == 0 or rng.random() < 0.5 else rng.choice(words.SURNAMES),
            )
            for i, age in enumerate(ages)
        ]
        for name in rng.sample(words.CHILDREN, size - adults - grandparents):
            members.append(
                ("child", rng.randint(0, max(0, min(17, min(ages) - 18))), name, surname)
            )
        for _ in range(grandparents):
            age = rng.randint(min(100, max(ages) + 18), 100)
            members.append(("grandparent", age, rng.choice(words.ELDERLY), surname))
        return members

    def _member(self, position, role, age, first, last, household_created) -> None:
        rng, lead = self.rng, self.lead
        date_of_birth = min(born(rng, self.today, age), self.today - 10 * DAY)
        birth = datetime.datetime.combine(date_of_birth, datetime.time(12), tzinfo=self.zone)
        since = household_created if birth < household_created else birth + 7 * DAY
        member = _Member(
            id=new_id(rng),
            first_name=first,
            last_name=last,  # as written on the form: "de Vries"; the household is "De Vries"
            date_of_birth=date_of_birth,
            adult=role != "child",
            since=since,
        )
        values = {
            "id": member.id,
            "household_id": self.household_id,
            "first_name": first,
            "last_name": last,
            "date_of_birth": date_of_birth,
            "role": role,
            "bsn": bsn_for(self.index * 8 + position) if rng.random() < 0.6 else "",
        }
        self.rows.created(Member, values, actor=lead, at=since, addr=lead.addr, repr_=member.repr_)
        last_day = self.today - DAY
        first_day = self._day(since) + 30 * DAY
        if not self.showcase and first_day < last_day and rng.random() < 0.03:
            member.left_on = first_day + (last_day - first_day) * rng.random()
            at = self._end_of(member.left_on) - datetime.timedelta(hours=8)
            self.rows.updated(
                Member,
                member.id,
                {"left_on": [None, str(member.left_on)]},
                actor=lead,
                at=at,
                addr=lead.addr,
                repr_=member.repr_,
            )
        member.values = values  # written once its account is known
        self.members.append(member)

    # --- dossier and involvements --------------------------------------------------------------

    def _dossier(self) -> None:
        lead, rng = self.lead, self.rng
        self.dossier_id = new_id(rng)
        self.dossier = {
            "id": self.dossier_id,
            "household_id": self.household_id,
            "lead_id": lead.id,
            "status": "open",
            "summary": rng.choice(words.SUMMARIES),
            "opened_at": self.opened,
        }
        self.rows.created(
            Dossier, self.dossier, actor=lead, at=self.opened, addr=lead.addr, repr_=self.label
        )
        self.windows = [_Window(lead, "lead", self.opened, None)]
        self._involvement(
            lead,
            "lead",
            "Vaste professional",
            "Opende het dossier",
            added_by=lead,
            start=self.opened,
            end=None,
            event=f"{lead.name} opende het dossier en is de vaste professional.",
        )

    def _involvements(self) -> None:
        rng, staff = self.rng, self.staff
        region = self.municipality[3]
        used = {self.lead.id}
        chosen: list[tuple[Person, str]] = []
        if region == "utrecht" and self.closed is None:
            for person in staff.heavy:
                showcase_pick = self.showcase and person is staff.heavy[0]
                if showcase_pick or (not self.showcase and rng.random() < staff.heavy_chance):
                    chosen.append((person, "heavy"))
        extras = 2 if self.showcase else weighted(rng, EXTRA_INVOLVEMENTS)
        for _ in range(extras):
            kind = weighted(rng, {"colleague": 3, "specialist": 85, "safety": 12})
            colleagues = [p for p in self.team.leads if p.id != self.lead.id]
            if kind == "safety" and staff.safety.get(region):
                chosen.append((rng.choice(staff.safety[region]), "joined"))
            elif kind == "colleague" and colleagues:
                chosen.append((rng.choice(colleagues), "added"))
            else:
                chosen.append((rng.choice(staff.regional), "added"))
        for person, kind in chosen[: MAX_INVOLVEMENTS - 1]:
            if person.id in used:
                continue
            used.add(person.id)
            start = between(rng, self.opened + SECOND, self.end - DAY)
            end = None
            ends = kind != "heavy" and not self.showcase and rng.random() < 0.25
            if ends and start + DAY < self.end:
                end = between(rng, start + DAY, self.end)
            joined = kind in ("heavy", "joined")
            if joined:
                self._search(person, start - datetime.timedelta(minutes=rng.randint(2, 30)))
            expertise = person.expertise or rng.choice(words.LOCAL_EXPERTISE)
            reason = rng.choice(words.JOIN_REASONS if joined else words.INVOLVEMENT_REASONS)
            self._involvement(
                person,
                "joined" if joined else "added",
                expertise,
                reason,
                added_by=person if joined else self.lead,
                start=start,
                end=end,
                event=f"{person.name} ({person.organisation_name or '-'}) helpt nu mee als "
                f"{expertise}. Waarom: {reason}",
            )
            if joined:
                self._access(person, start + SECOND, AccessEvent.Action.JOIN)

    def _involvement(self, person, kind, expertise, reason, *, added_by, start, end, event):
        pk = new_id(self.rng)
        repr_ = f"{person.name} – {self.label}"
        values = {
            "id": pk,
            "dossier_id": self.dossier_id,
            "professional_id": person.id,
            "organisation_id": person.organisation_id,
            "kind": kind,
            "expertise": expertise,
            "reason": reason,
            "added_by_id": added_by.id,
            "started_at": start,
            "end_reason": "",
        }
        audit = {"actor": added_by, "at": start, "addr": added_by.addr, "repr_": repr_}
        self.rows.created(Involvement, values, **audit)
        self._event(added_by, start + SECOND / 100, event)
        if kind != "lead":
            self.windows.append(_Window(person, kind, start, end))
        if end is not None:
            ended_by = person if self.rng.random() < 0.6 else self.lead
            end_reason = self.rng.choice(words.END_REASONS)
            values.update(ended_at=end, ended_by_id=ended_by.id, end_reason=end_reason)
            self.rows.updated(
                Involvement,
                pk,
                {
                    "ended_at": [None, utc_text(end)],
                    "ended_by": [None, str(ended_by.id)],
                    "end_reason": ["", end_reason],
                },
                actor=ended_by,
                at=end,
                addr=ended_by.addr,
                repr_=repr_,
            )
            self._event(
                ended_by,
                end + SECOND / 100,
                f"{person.name} helpt niet meer mee. Waarom: {end_reason}",
            )
        self.rows.table(Involvement).add(values)

    def _search(self, person: Person, at) -> None:
        """R5: a safety worker finds the household by name and birth date before joining."""
        member = self.rng.choice(self._present(at))
        values = {
            "id": new_id(self.rng),
            "user_id": person.id,
            "organisation_id": person.organisation_id,
            "role": person.role,
            "name": member.repr_,
            "birth_date": member.date_of_birth,
            "result_count": 1,
            "searched_at": at,
        }
        repr_ = f"{person.name} {at:%Y-%m-%d %H:%M}"
        self.rows.add(HouseholdSearch, values, actor=person, at=at, addr=person.addr, repr_=repr_)

    def _family_accounts(self) -> None:
        """The lead made accounts (12+) for some members; they set their password since."""
        rng, lead = self.rng, self.lead
        if self.showcase:
            holders = [self.members[0], self.members[2]]
        elif rng.random() < 0.10:
            grown = [
                m
                for m in self.members
                if m.left_on is None and age_on(m.date_of_birth, self.today) >= 12
            ]
            holders = rng.sample(grown, min(len(grown), 1 if rng.random() < 0.7 else 2))
        else:
            holders = []
        for number, member in enumerate(holders, start=1):
            start = max(self.opened, member.since) + 7 * DAY
            at = between(rng, start, self.end) if not self.showcase else self.opened + 7 * DAY
            if at >= self.end or age_on(member.date_of_birth, self._day(at)) < 12:
                continue
            username = f"family{self.index + 1:06d}-{number}"
            member.user = Person(
                id=new_id(rng),
                username=username,
                email=f"{username}@{EMAIL_DOMAIN}",
                organisation_id=None,
                organisation_name="",
                role=User.Role.FAMILY,
                name=member.repr_,
                addr=address(rng),
            )
            member.account_at = at
            values = {
                "id": member.user.id,
                "password": self.staff.password,
                "username": username,
                "first_name": member.first_name,
                "last_name": member.last_name,
                "email": member.user.email,
                "date_joined": at,
                "role": User.Role.FAMILY,
            }
            self.rows.add(User, values, actor=lead, at=at, addr=lead.addr, repr_=member.repr_)
            self.rows.updated(
                Member,
                member.id,
                {"user": [None, str(member.user.id)]},
                actor=lead,
                at=at,
                addr=lead.addr,
                repr_=member.repr_,
            )
        for member in self.members:
            member.values.update(
                user_id=member.user.id if member.user else None, left_on=member.left_on
            )
            self.rows.table(Member).add(member.values)

    # --- notes, looks and grants ----------------------------------------------------------------

    def _notes(self) -> None:
        rng = self.rng
        remaining = max(0, self.target - self.entry_count)
        notes = []
        for at in sorted(
            between(rng, self.opened + SECOND, self.end - SECOND) for _ in range(remaining)
        ):
            author = self._writer(at)
            if notes and rng.random() < 0.01:
                original, about = rng.choice(notes)
                self._entry(
                    author=author,
                    at=at,
                    text="Correctie: " + self._text(at, False),
                    kind="correction",
                    withheld=original["withheld_reason"],
                    corrects=original["id"],
                    about=about,
                )
                continue
            withheld = weighted(rng, WITHHELD_REASONS) if rng.random() < 0.06 else ""
            about = self._some(at, 2, children_first=bool(withheld)) if rng.random() < 0.1 else []
            entry = self._entry(
                author=author,
                at=at,
                text=self._text(at, bool(withheld)),
                withheld=withheld,
                about=about,
            )
            notes.append((entry, about))

    def _access(self, person: Person, at, action: str) -> None:
        self.rows.add(
            AccessEvent,
            {
                "id": new_id(self.rng),
                "at": at,
                "user_id": person.id,
                "organisation_id": person.organisation_id,
                "role": person.role,
                "dossier_id": self.dossier_id,
                "action": action,
                "remote_addr": person.addr,
            },
        )

    def _access_events(self) -> None:
        """Looks at the dossier (R12), by whoever could see it then, and by the family."""
        rng = self.rng
        for _ in range(round(self.target * 0.3) + rng.randint(0, 3)):
            at = between(rng, self.opened, self.now)
            viewers = [w.person for w in self.windows if w.active(at)]
            person = self.lead if rng.random() < 0.55 else rng.choice(viewers)
            action = AccessEvent.Action.API_VIEW if rng.random() < 0.15 else AccessEvent.Action.VIEW
            self._access(person, at, action)
        for member in self.members:
            if member.user is not None:
                for _ in range(rng.randint(3, 12)):
                    at = between(rng, member.account_at, self.now)
                    self._access(member.user, at, AccessEvent.Action.FAMILY_VIEW)

    def _grants(self) -> None:
        """Exactly what `access.dossier_sync` leaves: lead and active involvements see the
        content, current members with an account the family-visible part."""
        self.rows.table(Dossier).add(self.dossier)
        professionals = {self.lead.id} | {w.person.id for w in self.windows if w.end is None}
        family = {m.user.id for m in self.members if m.user is not None and m.left_on is None}
        grants = [(access.VIEW_CONTENT, user_id) for user_id in sorted(professionals)]
        grants += [(access.VIEW_FAMILY, user_id) for user_id in sorted(family)]
        table = self.rows.table(DossierUserObjectPermission)
        for codename, user_id in grants:
            table.add(
                {
                    "permission_id": self.staff.permissions[codename],
                    "user_id": user_id,
                    "content_object_id": self.dossier_id,
                }
            )
