"""What needs attention in the dossiers a professional may see: the list first on the start page,
and the "needs attention" filter of the dossier lists (page and API).

Each source is one small function that reads, in one query and filtered in SQL, the rows that
need attention among the given dossiers (`rows`), and one that turns a row into a uniform `Item`
(`item`). `attention_items` runs every source once (a fixed number of queries, however many
dossiers the user has), merges the items and sorts them: acute danger first, then passed hearing
deadlines, complaints and requests near or over their due date, then due evaluations.

A later source is one more `Source` in `SOURCES`; nothing else changes. Overdue tasks (the
`agenda` app) came that way.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agenda.models import Task
from casefile.models import Dossier
from households.models import Member
from procedures.models import Complaint, CorrectionRequest, Decision, DestructionRequest
from safety.models import SafetyAssessment, SafetyPlan

# A due date this many days ahead already shows: there is still time to act.
NEAR_DAYS = 7
# At most this many rows per source are read; the start page shows the first ITEMS_SHOWN.
ROWS_PER_SOURCE = 50
ITEMS_SHOWN = 15

# The status tag's tone: its class is `tag--<tone>` (styled in the shared stylesheet).
DANGER, WARNING, INFO, SUCCESS, NEUTRAL = "danger", "warning", "info", "success", "neutral"


@dataclass(frozen=True)
class Item:
    """One thing that needs attention, the same shape whatever its source."""

    dossier: Dossier
    kind: str  # the source's name
    label: str  # what it is, in a line
    due: datetime.date | None  # when it is (or was) due; the acute danger's assessment date
    tone: str  # DANGER, WARNING, INFO, SUCCESS or NEUTRAL
    tag: str  # the status tag's text
    url: str
    rank: int = 0  # the source's place in the list

    @property
    def sort_key(self) -> tuple:
        return (self.rank, self.due or datetime.date.max, self.dossier.household.label)


@dataclass(frozen=True)
class Source:
    """Where items come from: its rows among `dossiers` (SQL only) and how one becomes an item."""

    kind: str
    rows: Callable[[QuerySet[Dossier], datetime.date], QuerySet]
    item: Callable[[object, datetime.date], Item]


def _open(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return dossiers.filter(status=Dossier.Status.OPEN)


def _due_tone(due: datetime.date, today: datetime.date) -> tuple[str, str]:
    if due < today:
        return DANGER, _("te laat")
    if due == today:
        return WARNING, _("vandaag")
    return WARNING, _("bijna")


def _day(day: datetime.date) -> str:
    return date_format(day, "j F")


# --- acute danger (safety, R14) --------------------------------------------------------------


def acute_rows(dossiers: QuerySet[Dossier], today: datetime.date) -> QuerySet[SafetyAssessment]:
    """The latest assessment of each dossier, where it found acute danger."""
    newer = SafetyAssessment.objects.filter(dossier=OuterRef("dossier")).filter(
        Q(assessed_on__gt=OuterRef("assessed_on"))
        | Q(assessed_on=OuterRef("assessed_on"), created_at__gt=OuterRef("created_at"))
    )
    return (
        SafetyAssessment.objects.filter(dossier__in=_open(dossiers), acute_danger=True)
        .exclude(Exists(newer))
        .select_related("dossier__household")
        .prefetch_related(
            Prefetch("acute_members", queryset=Member.objects.order_by("date_of_birth"))
        )
        .order_by("-assessed_on")
    )


def acute_item(assessment: SafetyAssessment, today: datetime.date) -> Item:
    names = ", ".join(member.first_name for member in assessment.acute_members.all())
    return Item(
        dossier=assessment.dossier,
        kind="acute",
        label=(
            _("De taxatie van %(date)s vond acuut gevaar voor %(names)s")
            % {"date": _day(assessment.assessed_on), "names": names}
            if names
            else _("De taxatie van %(date)s vond acuut gevaar")
            % {"date": _day(assessment.assessed_on)}
        ),
        due=assessment.assessed_on,
        tone=DANGER,
        tag=_("acuut gevaar"),
        url=reverse("safety:detail", args=[assessment.dossier_id]),
    )


# --- hearings whose deadline passed (procedures, R9) -------------------------------------------


def hearing_rows(dossiers: QuerySet[Dossier], today: datetime.date) -> QuerySet[Decision]:
    """Decisions in hearing whose deadline passed: the lead may (and should) decide now."""
    return (
        Decision.objects.filter(
            dossier__in=_open(dossiers),
            state=Decision.State.HEARING,
            hearing_deadline__lt=today,
        )
        .select_related("dossier__household")
        .order_by("hearing_deadline")
    )


def hearing_item(decision: Decision, today: datetime.date) -> Item:
    return Item(
        dossier=decision.dossier,
        kind="hearing",
        label=_("Reageren kon tot en met %(date)s: besluit nemen over “%(title)s”")
        % {"date": _day(decision.hearing_deadline), "title": decision.title},
        due=decision.hearing_deadline,
        tone=WARNING,
        tag=_("termijn voorbij"),
        url=reverse("procedures:decision-detail", args=[decision.pk]),
    )


# --- complaints and requests near or over their due date (R10, R11, R15) --------------------


def complaint_rows(dossiers: QuerySet[Dossier], today: datetime.date) -> QuerySet[Complaint]:
    return (
        Complaint.objects.filter(
            dossier__in=_open(dossiers), due_on__lte=today + datetime.timedelta(days=NEAR_DAYS)
        )
        .exclude(status=Complaint.Status.HANDLED)
        .select_related("dossier__household", "member")
        .order_by("due_on")
    )


def complaint_item(complaint: Complaint, today: datetime.date) -> Item:
    tone, tag = _due_tone(complaint.due_on, today)
    return Item(
        dossier=complaint.dossier,
        kind="complaint",
        label=_("Klacht van %(name)s: antwoord uiterlijk %(date)s")
        % {"name": complaint.member.full_name, "date": _day(complaint.due_on)},
        due=complaint.due_on,
        tone=tone,
        tag=tag,
        url=reverse("procedures:complaint-detail", args=[complaint.pk]),
    )


def correction_rows(
    dossiers: QuerySet[Dossier], today: datetime.date
) -> QuerySet[CorrectionRequest]:
    return (
        CorrectionRequest.objects.filter(
            dossier__in=_open(dossiers),
            status=CorrectionRequest.Status.OPEN,
            due_on__lte=today + datetime.timedelta(days=NEAR_DAYS),
        )
        .select_related("dossier__household", "member")
        .order_by("due_on")
    )


def correction_item(request: CorrectionRequest, today: datetime.date) -> Item:
    tone, tag = _due_tone(request.due_on, today)
    return Item(
        dossier=request.dossier,
        kind="correction",
        label=_("Correctieverzoek van %(name)s: antwoord uiterlijk %(date)s")
        % {"name": request.member.full_name, "date": _day(request.due_on)},
        due=request.due_on,
        tone=tone,
        tag=tag,
        url=reverse("procedures:correction-request-detail", args=[request.pk]),
    )


def destruction_rows(
    dossiers: QuerySet[Dossier], today: datetime.date
) -> QuerySet[DestructionRequest]:
    return (
        DestructionRequest.objects.filter(
            dossier__in=_open(dossiers),
            status=DestructionRequest.Status.OPEN,
            due_on__lte=today + datetime.timedelta(days=NEAR_DAYS),
        )
        .select_related("dossier__household", "member")
        .order_by("due_on")
    )


def destruction_item(request: DestructionRequest, today: datetime.date) -> Item:
    tone, tag = _due_tone(request.due_on, today)
    return Item(
        dossier=request.dossier,
        kind="destruction",
        label=_("Vernietigingsverzoek van %(name)s: besluit uiterlijk %(date)s")
        % {"name": request.member.full_name, "date": _day(request.due_on)},
        due=request.due_on,
        tone=tone,
        tag=tag,
        url=reverse("procedures:destruction-request-detail", args=[request.pk]),
    )


# --- safety-plan evaluations that are due --------------------------------------------------------


def evaluation_rows(dossiers: QuerySet[Dossier], today: datetime.date) -> QuerySet[SafetyPlan]:
    """The current plan version of each dossier, when its evaluation is near or past."""
    newer = SafetyPlan.objects.filter(dossier=OuterRef("dossier"), version__gt=OuterRef("version"))
    return (
        SafetyPlan.objects.filter(
            dossier__in=_open(dossiers),
            evaluation_date__lte=today + datetime.timedelta(days=NEAR_DAYS),
        )
        .exclude(Exists(newer))
        .select_related("dossier__household")
        .order_by("evaluation_date")
    )


def evaluation_item(plan: SafetyPlan, today: datetime.date) -> Item:
    passed = plan.evaluation_date < today
    return Item(
        dossier=plan.dossier,
        kind="evaluation",
        label=_("Veiligheidsplan evalueren: gepland op %(date)s")
        % {"date": _day(plan.evaluation_date)},
        due=plan.evaluation_date,
        tone=WARNING if passed else INFO,
        tag=_("evaluatie te laat") if passed else _("evaluatie binnenkort"),
        url=reverse("safety:detail", args=[plan.dossier_id]),
    )


# --- overdue tasks (agenda, issue 14) -----------------------------------------------------------


def task_rows(dossiers: QuerySet[Dossier], today: datetime.date) -> QuerySet[Task]:
    """Open tasks past their due date: whoever they are for, the dossier needs a follow-up."""
    return (
        Task.objects.filter(dossier__in=_open(dossiers), status=Task.Status.OPEN, due_on__lt=today)
        .select_related("dossier__household")
        .order_by("due_on")
    )


def task_item(task: Task, today: datetime.date) -> Item:
    return Item(
        dossier=task.dossier,
        kind="task",
        label=_("Taak te laat: %(what)s (klaar op %(date)s)")
        % {"what": Truncator(task.what).chars(80), "date": _day(task.due_on)},
        due=task.due_on,
        tone=DANGER,
        tag=_("taak te laat"),
        url=reverse("agenda:task-detail", args=[task.pk]),
    )


# --- all sources, in the order they are shown ---------------------------------------------------

SOURCES: tuple[Source, ...] = (
    Source("acute", acute_rows, acute_item),
    Source("hearing", hearing_rows, hearing_item),
    Source("complaint", complaint_rows, complaint_item),
    Source("correction", correction_rows, correction_item),
    Source("destruction", destruction_rows, destruction_item),
    Source("evaluation", evaluation_rows, evaluation_item),
    Source("task", task_rows, task_item),
)


def attention_items(
    dossiers: QuerySet[Dossier],
    *,
    today: datetime.date | None = None,
    sources: Iterable[Source] = SOURCES,
) -> list[Item]:
    """Everything that needs attention in `dossiers` (those the user may see), most urgent first:
    one query per source (two for acute danger, which names the members), whatever the number
    of dossiers."""
    today = today or timezone.localdate()
    items = []
    for rank, source in enumerate(sources):
        for row in source.rows(dossiers, today)[:ROWS_PER_SOURCE]:
            # The source's place in SOURCES decides the order, then the due date.
            items.append(dataclasses.replace(source.item(row, today), rank=rank))
    return sorted(items, key=lambda item: item.sort_key)


def needing_attention(
    dossiers: QuerySet[Dossier],
    *,
    today: datetime.date | None = None,
    sources: Iterable[Source] = SOURCES,
) -> QuerySet[Dossier]:
    """`dossiers` narrowed to those with something that needs attention, in SQL (the list's
    filter): no row is read into Python."""
    today = today or timezone.localdate()
    every = Dossier.objects.all()
    condition = functools.reduce(
        operator.or_,
        (
            Q(pk__in=source.rows(every, today).prefetch_related(None).order_by().values("dossier"))
            for source in sources
        ),
    )
    return dossiers.filter(condition)
