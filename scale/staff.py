"""The staff of the seeded world: municipalities, organisations and the people who work there.

As in the demo world (demo/world.py, demo/safety.py), with more municipalities: local teams
per municipality (several in Utrecht), a regional safety team for the Utrecht region and one
for Gooi en Vechtstreek, regional specialists, two municipalities with an analyst, and a
functional administrator. About DOSSIERS_PER_LEAD dossiers per lead; three safety workers in
the Utrecht region are each involved in about HEAVY_SAFETY_DOSSIERS.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field

from . import words
from .people import Person, address, new_id
from .rows import Rows
from .schema import Dossier, Municipality, Organisation, Permission, User, access

SENTINEL = "Testwereld seed_scale"  # an organisation: this database holds a seed_scale world
EMAIL_DOMAIN = "scale.example.org"
DOSSIERS_PER_LEAD = 200
HEAVY_SAFETY_WORKERS = 3  # safety0001–0003
HEAVY_SAFETY_DOSSIERS = 2000
SAFETY_JOIN_SHARE = 0.3  # the regular safety staff share about this many joins per dossier
SPECIALISTS_PER = 1000  # households per specialist, in each regional organisation


@dataclass
class Team:
    id: uuid.UUID
    name: str
    municipality: int
    households: int = 0
    leads: list[Person] = field(default_factory=list)


@dataclass
class Staff:
    """Everything a household refers to; built once, read by every worker process."""

    admin: Person
    municipalities: list[tuple]  # (id, code, name, region)
    teams: list[Team]
    household_team: list[int]  # the local team of household i
    safety: dict[str, list[Person]]  # region → regular safety staff
    heavy: list[Person]  # the few safety workers with ~2,000 dossiers each (Utrecht region)
    heavy_chance: float
    regional: list[Person]  # specialists, Veilig Thuis, GI, Raad
    analysts: list[Person]
    password: str  # one hash for everyone
    permissions: dict[str, int]  # guardian codename → Permission id

    def region_of(self, household: int) -> str:
        return self.municipalities[self.teams[self.household_team[household]].municipality][3]


def quotas(total: int, weights: list[int]) -> list[int]:
    """Split `total` by `weights`, largest remainders first."""
    exact = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class StaffBuilder:
    def __init__(self, rows: Rows, *, households: int, seed: int, password: str, now):
        self.rows = rows
        self.rng = random.Random(f"{seed}:staff")  # noqa: S311 (made-up data, no secrets)
        self.n = households
        self.password = password
        self.now = now
        self.numbers: dict[str, int] = {}
        self.admin: Person | None = None

    def _created(self, days_ago: int) -> dict:
        admin = self.admin
        return {
            "actor": admin,
            "at": self.now - datetime.timedelta(days=days_ago, seconds=self.rng.randrange(86400)),
            "addr": admin.addr if admin else None,
        }

    def person(self, prefix, role, organisation=None, expertise="", *, name=None, is_staff=False):
        rng = self.rng
        self.numbers[prefix] = number = self.numbers.get(prefix, 0) + 1
        username = f"{prefix}{number:04d}"
        first, last = name or (rng.choice(words.WOMEN + words.MEN), rng.choice(words.SURNAMES))
        org_id, org_name = organisation or (None, "")
        person = Person(
            id=new_id(rng),
            username=username,
            email=f"{username}@{EMAIL_DOMAIN}",
            organisation_id=org_id,
            organisation_name=org_name,
            role=role,
            name=f"{first} {last}",
            expertise=expertise,
            addr=address(rng),
        )
        created = self._created(3000 + rng.randrange(300))
        values = {
            "id": person.id,
            "password": self.password,
            "username": username,
            "first_name": first,
            "last_name": last,
            "email": person.email,
            "is_staff": is_staff,
            "date_joined": created["at"],
            "role": role,
            "organisation_id": org_id,
        }
        self.rows.add(User, values, repr_=person.name, **created)
        return person

    def organisation(self, name, kind, municipality_ids) -> tuple[uuid.UUID, str]:
        pk = new_id(self.rng)
        values = {"id": pk, "name": name, "kind": kind}
        self.rows.add(Organisation, values, repr_=name, **self._created(3400))
        through = Organisation._meta.get_field("municipalities").remote_field.through
        for municipality_id in municipality_ids:
            self.rows.table(through).add(
                {"organisation_id": pk, "municipality_id": municipality_id}
            )
        return pk, name

    def build(self) -> Staff:
        Role, Kind = User.Role, Organisation.Kind
        self.admin = self.person(
            "beheer", Role.ADMINISTRATOR, name=("Bert", "Beheer"), is_staff=True
        )
        # As the demo's `beheer`: accounts and organisations in /admin/, nothing else.
        for permission_id in Permission.objects.filter(
            content_type__app_label=User._meta.app_label,
            content_type__model__in=["user", "organisation", "municipality"],
        ).values_list("pk", flat=True):
            self.rows.table(User.user_permissions.through).add(
                {"user_id": self.admin.id, "permission_id": permission_id}
            )
        self.organisation(SENTINEL, Kind.OTHER, [])
        municipalities = self._municipalities()
        household_municipality, counts = self._spread(municipalities)
        teams, household_team = self._local_teams(municipalities, household_municipality, counts)
        safety, heavy, heavy_chance = self._safety_teams(municipalities, household_municipality)
        regional = []
        everywhere = [m[0] for m in municipalities]
        for name, kind, expertise in words.REGIONAL_ORGANISATIONS:
            organisation = self.organisation(name, kind, everywhere)
            for _ in range(max(1, round(self.n / SPECIALISTS_PER))):
                regional.append(
                    self.person("specialist", Role.PROFESSIONAL, organisation, expertise)
                )
        analysts = []
        for pk, _code, name, _region in municipalities[:2]:
            organisation = self.organisation(f"Gemeente {name}", Kind.MUNICIPALITY, [pk])
            analysts.append(self.person("analyst", Role.ANALYST, organisation))
        permissions = dict(
            Permission.objects.filter(
                content_type__app_label=Dossier._meta.app_label,
                content_type__model=Dossier._meta.model_name,
                codename__in=[access.VIEW_CONTENT, access.VIEW_FAMILY],
            ).values_list("codename", "pk")
        )
        return Staff(
            admin=self.admin,
            municipalities=municipalities,
            teams=teams,
            household_team=household_team,
            safety=safety,
            heavy=heavy,
            heavy_chance=heavy_chance,
            regional=regional,
            analysts=analysts,
            password=self.password,
            permissions=permissions,
        )

    def _municipalities(self) -> list[tuple]:
        municipalities = []
        for code, name, _weight, region in words.MUNICIPALITIES:
            pk = new_id(self.rng)
            values = {"id": pk, "code": code, "name": name}
            self.rows.add(Municipality, values, repr_=f"{name} ({code})", **self._created(3500))
            municipalities.append((pk, code, name, region))
        return municipalities

    def _spread(self, municipalities) -> tuple[list[int], list[int]]:
        """Which municipality each household lives in, by weight; household 0 in Utrecht."""
        counts = quotas(self.n, [m[2] for m in words.MUNICIPALITIES])
        if self.n and counts[0] == 0:
            largest = counts.index(max(counts))
            counts[0], counts[largest] = 1, counts[largest] - 1
        spread = [i for i, count in enumerate(counts) for _ in range(count)]
        self.rng.shuffle(spread)
        if self.n:
            first = spread.index(0)
            spread[0], spread[first] = spread[first], spread[0]
        return spread, counts

    def _local_teams(self, municipalities, household_municipality, counts):
        teams: list[Team] = []
        by_municipality: dict[int, list[int]] = {}
        for i, (pk, _code, name, _region) in enumerate(municipalities):
            if i == 0:  # Utrecht: a neighbourhood team per ~2,000 households, at most ten
                size = max(1, min(len(words.UTRECHT_TEAMS), round(counts[i] / 2000)))
                names = words.UTRECHT_TEAMS[:size]
            else:
                names = [f"Wijkteam {name}"]
            by_municipality[i] = []
            for team_name in names:
                org_id, _ = self.organisation(team_name, Organisation.Kind.LOCAL_TEAM, [pk])
                by_municipality[i].append(len(teams))
                teams.append(Team(id=org_id, name=team_name, municipality=i))
        household_team, seen = [], dict.fromkeys(by_municipality, 0)
        for m in household_municipality:  # round robin: household 0 is in the first team
            options = by_municipality[m]
            team = options[seen[m] % len(options)]
            seen[m] += 1
            household_team.append(team)
            teams[team].households += 1
        for team in teams:
            for _ in range(max(1, round(team.households / DOSSIERS_PER_LEAD))):
                team.leads.append(
                    self.person(
                        "lead",
                        User.Role.PROFESSIONAL,
                        (team.id, team.name),
                        "Vaste professional",
                    )
                )
        return teams, household_team

    def _safety_teams(self, municipalities, household_municipality):
        in_region = dict.fromkeys(words.SAFETY_TEAMS, 0)
        for m in household_municipality:
            in_region[municipalities[m][3]] += 1
        safety, heavy = {}, []
        for region, team_name in words.SAFETY_TEAMS.items():
            served = [m[0] for m in municipalities if m[3] == region]
            organisation = self.organisation(team_name, Organisation.Kind.SAFETY_TEAM, served)
            heavy_count = HEAVY_SAFETY_WORKERS if region == "utrecht" else 0
            regular = max(2, round(in_region[region] * SAFETY_JOIN_SHARE / DOSSIERS_PER_LEAD))
            safety[region] = []
            for i in range(heavy_count + regular):
                expertise = words.SAFETY_EXPERTISE[i % len(words.SAFETY_EXPERTISE)]
                person = self.person(
                    "safety", User.Role.SAFETY_PROFESSIONAL, organisation, expertise
                )
                (heavy if i < heavy_count else safety[region]).append(person)
        # They join open dossiers only; about 85% are open.
        heavy_chance = min(0.5, HEAVY_SAFETY_DOSSIERS / max(1.0, in_region["utrecht"] * 0.85))
        return safety, heavy, heavy_chance
