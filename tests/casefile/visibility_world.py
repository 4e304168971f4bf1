"""A world for the visibility matrix: two households, every kind of record, each with a marker.

`build()` writes the world through the services and returns what every reader sees in every
channel as plain data (`Observed`), so the matrix tests compare sets and touch no database.
"""

from __future__ import annotations

import datetime
import io
import itertools
import re
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casefile import access, services
from casefile.models import Entry
from portal.services.copies import copy_pdf_bytes
from procedures import services as procedure_services
from procedures.models import DestructionRequest
from safety import services as safety_services
from safety.models import Measure
from tests.api.conftest import token_client

from ..factories import (
    FamilyUserFactory,
    MemberFactory,
    SafetyUserFactory,
    SpecialistFactory,
    UserFactory,
    open_dossier,
    years_ago,
)
from .procedure_helpers import pass_deadline

LEAD, INVOLVED, ADULT, CHILD, OUTSIDER, OTHER_FAMILY = (
    "lead",
    "involved",
    "adult",
    "child",
    "outsider",
    "other_family",
)
READERS = (LEAD, INVOLVED, ADULT, CHILD, OUTSIDER, OTHER_FAMILY)
PROFESSIONALS = (LEAD, INVOLVED)
FAMILY = (ADULT, CHILD)


@dataclass
class Record:
    kind: str  # the record kind of the matrix
    audience: str  # a key of the test's explicit table
    marker: str  # unique text in the record's free text
    obj: object
    label: str = ""  # a further trace where a channel shows no free text (a measure's kind)
    order: int = 0  # for channels that show only the newest of a kind
    by_pk: bool = True  # False: the id is another record's (an involvement's reason)

    @property
    def pk(self) -> str:
        return str(self.obj.pk)

    def traces(self, *, with_pk: bool = True) -> list[str]:
        found = [self.marker]
        if self.label:
            found.append(self.label)
        if with_pk and self.by_pk:
            found.append(self.pk)
        return found


@dataclass
class Observed:
    """What one reader got from each channel, as text (or None: the channel refused)."""

    page: str | None = None
    page_statuses: dict = field(default_factory=dict)  # url -> status
    api: str | None = None
    api_statuses: dict = field(default_factory=dict)
    pdf: str | None = None
    log_page: list[str] | None = None  # the "what" of every line
    log_api: list[dict] | None = None  # the items of the trail
    log_api_text: str | None = None


_counter = itertools.count(1)


def marker(kind: str) -> str:
    return f"MRK{next(_counter):03d}{kind.upper().replace('_', '')}Q"


@dataclass
class World:
    records: list[Record] = field(default_factory=list)
    none_records: list[Record] = field(default_factory=list)  # household B: all about the parent
    users: dict = field(default_factory=dict)
    dossier_a: object = None
    dossier_b: object = None
    observed: dict = field(default_factory=dict)  # reader -> Observed of household A
    observed_b: Observed | None = None  # the other family's child on their own dossier B
    mails: list[str] = field(default_factory=list)
    log_counts: dict = field(default_factory=dict)  # record pk -> number of auditlog rows
    things: dict = field(default_factory=dict)  # model name -> the log's word for it
    model_names: dict = field(default_factory=dict)  # record kind -> model name


def _add(world, records, kind, audience, obj, text, **kw):
    records.append(Record(kind=kind, audience=audience, marker=text, obj=obj, **kw))
    return obj


def build() -> World:
    world = World()
    lead = UserFactory(username="mx-lead")
    specialist = SpecialistFactory(username="mx-involved")
    safety_worker = SafetyUserFactory(username="mx-safety")
    safety_worker.organisation.municipalities.set(lead.organisation.municipalities.all())
    outsider = UserFactory(username="mx-outsider")
    dossier = open_dossier(lead=lead, members=0)
    household = dossier.household
    parent = MemberFactory(household=household, first_name="Ouder", date_of_birth=years_ago(40))
    teen = MemberFactory(household=household, first_name="Tiener", date_of_birth=years_ago(14))
    MemberFactory(household=household, first_name="Kleintje", date_of_birth=years_ago(3))
    adult_user = FamilyUserFactory(username="mx-adult")
    child_user = FamilyUserFactory(username="mx-child")
    parent.user, teen.user = adult_user, child_user
    parent.save()
    teen.save()
    access.dossier_sync(dossier)
    world.dossier_a = dossier
    rec = world.records

    def entry(kind, audience, about, visibility="family"):
        text = marker(kind)
        obj = services.entry_add(
            actor=lead,
            dossier=dossier,
            text=f"Notitie {text}.",
            about_members=about,
            **(
                {"visibility": Entry.Visibility.WITHHELD, "withheld_reason": "child_safety"}
                if visibility == "withheld"
                else {}
            ),
        )
        return _add(world, rec, kind, audience, obj, text)

    household_entry = entry("entry_family", "family", [])
    entry("entry_family", "about_child", [teen])
    entry("entry_family", "about_other", [parent])
    entry("entry_withheld", "hidden", [parent], "withheld")
    entry("entry_withheld", "hidden", [], "withheld")
    entry("entry_withheld", "hidden", [teen], "withheld")
    for audience, about in (("family", []), ("about_child", [teen]), ("about_other", [parent])):
        text = marker("timeline_event")
        event = services.timeline_event(
            dossier=dossier, author=lead, text=f"Gebeurtenis {text}.", about=about
        )
        _add(world, rec, "timeline_event", audience, event, text)

    # Who helps, and why: the reason is kept from a child of 12–15.
    for professional, how in ((specialist, "added"), (safety_worker, "joined")):
        expertise, reason = marker("involvement"), marker("involvement_reason")
        if how == "added":
            involvement = services.involvement_add(
                actor=lead,
                dossier=dossier,
                professional=professional,
                expertise=f"Hulp {expertise}",
                reason=f"Zorgen {reason}",
            )
        else:
            involvement = safety_services.involvement_join(
                actor=professional,
                dossier=dossier,
                expertise=f"Veiligheid {expertise}",
                reason=f"Melding over Ouder {reason}",
            )
        _add(world, rec, "involvement", "family", involvement, expertise)
        _add(world, rec, "involvement_reason", "reason", involvement, reason, by_pk=False)

    # Decisions: a draft, two in hearing, one decided, and views on them.
    def decision(kind, audience, concerns):
        title = marker(kind)
        obj = procedure_services.decision_propose(
            actor=lead,
            dossier=dossier,
            kind="agreement",
            title=f"Besluit {title}",
            proposal=f"Voorstel {title}.",
            concerns=concerns,
        )
        _add(world, rec, kind, audience, obj, title)
        return obj

    decision("decision_draft", "hidden", [parent, teen])
    about_child = decision("decision_hearing", "about_child", [teen, parent])
    about_other = decision("decision_hearing", "about_other", [parent])
    decided = decision("decision_decided", "about_other", [parent])
    for obj in (about_child, about_other, decided):
        procedure_services.decision_start_hearing(actor=lead, decision=obj)
    for obj, audience in ((about_child, "about_child"), (decided, "about_other")):
        text = marker("decision_view")
        invitation = obj.invitations.get(member=parent)
        view = procedure_services.decision_view_give(
            actor=adult_user, invitation=invitation, stance="agree", text=f"Mening {text}."
        )
        _add(world, rec, "decision_view", audience, view, text)
    pass_deadline(decided)
    procedure_services.decision_decide(
        actor=lead, decision=decided, outcome="Zo doen we het.", weighing="Gewogen."
    )

    # Safety: assessments (the newest is about the parent), a plan, measures.
    today = timezone.localdate()
    for order, (audience, acute_for) in enumerate(
        (("family", []), ("about_child", [teen]), ("about_other", [parent]))
    ):
        findings = marker("assessment")
        assessment = safety_services.assessment_record(
            actor=lead,
            dossier=dossier,
            assessed_on=today - datetime.timedelta(days=10 - order),
            acute_danger=bool(acute_for),
            structural_unsafety=False,
            risk_level="acute" if acute_for else "low",
            findings=f"Wij zien {findings}.",
            actions_now="Nu handelen.",
            acute_members=acute_for,
        )
        _add(world, rec, "assessment", audience, assessment, findings, order=order)
    goal = marker("safety_plan")
    plan = safety_services.safety_plan_create(
        actor=lead,
        dossier=dossier,
        concerns="Zorgen.",
        safety_goal=f"Doel {goal}.",
        danger_signals="Signalen.",
        evaluation_date=today + datetime.timedelta(days=30),
        agreements=[safety_services.AgreementData(what="Afspraak.", responsible="Ouder")],
    )
    _add(world, rec, "safety_plan", "family", plan, goal)
    for audience, members, kind in (
        ("about_child", [teen], Measure.Kind.GUARDIANSHIP),
        ("about_other", [parent], Measure.Kind.RESTRAINING_ORDER),
    ):
        basis = marker("measure")
        measure = safety_services.measure_add(
            actor=lead,
            dossier=dossier,
            kind=kind,
            members=members,
            legal_basis=f"Artikel {basis}",
            decided_by="mayor" if kind == Measure.Kind.RESTRAINING_ORDER else "court",
            starts_on=today,
        )
        _add(world, rec, "measure", audience, measure, basis, label=str(kind.label))

    # A member's own complaint, requests and statements.
    for member_user, audience in ((adult_user, "own_adult"), (child_user, "own_child")):
        text = marker("complaint")
        complaint = procedure_services.complaint_file(
            actor=member_user, dossier=dossier, about="dossier", text=f"Klacht {text}."
        )
        _add(world, rec, "complaint", audience, complaint, text)
        statement = marker("own_statement")
        refused = procedure_services.correction_request_refuse(
            actor=lead,
            request=procedure_services.correction_request_file(
                actor=member_user,
                entry=household_entry,
                text="Dit klopt niet.",
                statement=f"Verklaring {statement}.",
            ),
            reason="Het klopt wel.",
        )
        _add(world, rec, "own_statement", audience, refused.own_statement, statement)
        text = marker("correction_request")  # still open: the professionals' pages list it
        correction = procedure_services.correction_request_file(
            actor=member_user, entry=household_entry, text=f"Verbeter {text}."
        )
        _add(world, rec, "correction_request", audience, correction, text)
        text = marker("destruction_request")
        destruction = procedure_services.destruction_request_file(
            actor=member_user,
            dossier=dossier,
            scope=DestructionRequest.Scope.DOSSIER,
            reason=f"Weg ermee {text}.",
        )
        _add(world, rec, "destruction_request", audience, destruction, text)

    # Household B: a 14-year-old whose dossier holds of each kind only rows about their parent.
    other_dossier = open_dossier(lead=lead, members=0)
    other_parent = MemberFactory(
        household=other_dossier.household, first_name="Anderouder", date_of_birth=years_ago(45)
    )
    other_teen = MemberFactory(
        household=other_dossier.household, first_name="Andertiener", date_of_birth=years_ago(14)
    )
    other_user = FamilyUserFactory(username="mx-other")
    other_teen.user = other_user
    other_teen.save()
    access.dossier_sync(other_dossier)
    world.dossier_b = other_dossier
    none = world.none_records
    text = marker("entry_family")
    _add(
        world,
        none,
        "entry_family",
        "about_other",
        services.entry_add(
            actor=lead, dossier=other_dossier, text=f"B {text}", about_members=[other_parent]
        ),
        text,
    )
    text = marker("measure")
    _add(
        world,
        none,
        "measure",
        "about_other",
        safety_services.measure_add(
            actor=lead,
            dossier=other_dossier,
            kind=Measure.Kind.SECURE_CARE,
            members=[other_parent],
            legal_basis=f"B {text}",
            decided_by="court",
            starts_on=today,
        ),
        text,
        label=str(Measure.Kind.SECURE_CARE.label),
    )
    text = marker("assessment")
    _add(
        world,
        none,
        "assessment",
        "about_other",
        safety_services.assessment_record(
            actor=lead,
            dossier=other_dossier,
            assessed_on=today,
            acute_danger=True,
            structural_unsafety=False,
            risk_level="acute",
            findings=f"B {text}",
            actions_now="Nu.",
            acute_members=[other_parent],
        ),
        text,
    )
    text = marker("decision_hearing")
    b_decision = procedure_services.decision_propose(
        actor=lead,
        dossier=other_dossier,
        kind="agreement",
        title=f"B {text}",
        proposal="Voorstel.",
        concerns=[other_parent],
    )
    procedure_services.decision_start_hearing(actor=lead, decision=b_decision)
    _add(world, none, "decision_hearing", "about_other", b_decision, text)
    text = marker("complaint")
    _add(
        world,
        none,
        "complaint",
        "own_adult",
        procedure_services.complaint_file(
            actor=lead,
            dossier=other_dossier,
            about="dossier",
            text=f"B {text}",
            member=other_parent,
        ),
        text,
    )

    world.users = {
        LEAD: lead,
        INVOLVED: specialist,
        ADULT: adult_user,
        CHILD: child_user,
        OUTSIDER: outsider,
        OTHER_FAMILY: other_user,
    }
    for record in [*world.records, *world.none_records]:
        model = type(record.obj)
        world.model_names[record.kind] = model._meta.model_name
        world.log_counts[record.pk] = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_pk=record.pk
        ).count()
    from casefile import records as casefile_records

    world.things = casefile_records.things()
    return world


# --- reading every channel ---------------------------------------------------------------------

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
FAMILY_LINKS = re.compile(
    rf'href="(/mijn-dossier/(?:besluiten|klachten|correctieverzoeken|vernietigingsverzoeken)/{_UUID}/)"'
)
PROFESSIONAL_LINKS = re.compile(
    rf'href="(/(?:besluiten|klachten|correctieverzoeken|vernietigingsverzoeken)/{_UUID}/)"'
)
LOG_LINE = re.compile(r"<li><time[^>]*>[^<]*</time> ·\s*<strong>.*?</strong>(.*?)</li>", re.S)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _crawl(client, start: list[str], links: re.Pattern, statuses: dict) -> str | None:
    pages, seen, queue = [], set(), list(start)
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code != 200:
            continue
        html = response.content.decode()
        pages.append(html)
        queue.extend(links.findall(html))
        for follow in re.findall(r'href="\?pagina=(\d+)[^"]*"', html):
            queue.append(f"{url.split('?')[0]}?pagina={follow}")
    return "\n".join(pages) if pages else None


def _log_page_lines(client, statuses: dict) -> list[str] | None:
    """Every line of the family's access log, page by page. The reader's own looks are counted
    on one line apart from the list, so a page view does not shift the pages."""
    lines, number = [], 1
    while True:
        url = f"{reverse('portal:family-access-log')}?pagina={number}"
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code != 200:
            return None
        html = response.content.decode()
        found = [" ".join(what.split()) for what in LOG_LINE.findall(html)]
        lines.extend(found)  # the reader's own looks are counted apart, not listed
        if f'href="?pagina={number + 1}"' not in html:
            return lines
        number += 1


def _api_pages(client, url: str, statuses: dict) -> list:
    results = []
    while url:
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code != 200:
            return results
        data = response.json()
        results.append(data)
        url = data.get("next") if isinstance(data, dict) else None
    return results


def _pdf_text(user, dossier) -> str:
    pdf = copy_pdf_bytes(user=user, dossier=dossier, now=timezone.now())
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def observe(world: World, reader: str, dossier) -> Observed:
    user = world.users[reader]
    seen = Observed()
    client = _client(user)
    api = token_client(user)
    if user.is_family:
        seen.page = _crawl(
            client, [reverse("portal:family-home")], FAMILY_LINKS, seen.page_statuses
        )
        seen.log_page = _log_page_lines(client, seen.page_statuses)
        own = access.family_dossiers_of(user).first()
        seen.pdf = _pdf_text(user, own) if own is not None else None
    else:
        start = [
            reverse("workspace:dossier-detail", args=[dossier.pk]),
            reverse("safety:detail", args=[dossier.pk]),
            reverse("procedures:decision-list", args=[dossier.pk]),
            reverse("procedures:procedure-overview", args=[dossier.pk]),
        ]
        seen.page = _crawl(client, start, PROFESSIONAL_LINKS, seen.page_statuses)
        if access.can_request_copy(user, dossier):
            seen.pdf = _pdf_text(user, dossier)
    base = f"/api/v1/dossiers/{dossier.pk}/"
    chunks = []
    for path in ("", "entries/", "involvements/", "decisions/", "safety/"):
        chunks.extend(_api_pages(api, base + path, seen.api_statuses))
    for listing in _api_pages(api, base + "decisions/", {}):
        for decision in listing.get("results", []):
            chunks.extend(
                _api_pages(api, f"/api/v1/decisions/{decision['id']}/", seen.api_statuses)
            )
    seen.api = repr(chunks) if chunks else None
    log = _api_pages(api, base + "access-log/?page_size=100", seen.api_statuses)
    if log:
        # Each call is itself a look that goes on top, so a later page repeats a line.
        items = {item["id"]: item for page in log for item in page["results"]}
        seen.log_api = list(items.values())
        seen.log_api_text = repr(log)
    return seen


def observe_all(world: World) -> None:
    world.mails = [f"{m.subject}\n{m.body}" for m in mail.outbox]
    for reader in READERS:
        world.observed[reader] = observe(world, reader, world.dossier_a)
    world.observed_b = observe(world, OTHER_FAMILY, world.dossier_b)
