"""Municipality reports (R16): aggregates for one municipality and one period, nothing else.

Every figure is counted in the database (conditional `Count`, `Subquery`), in a fixed number of
queries however many dossiers there are. Medians: SQLite has no percentile function, so the
durations (computed in SQL) are fetched with one `values_list` query and the median is taken in
Python; no row is looked at one by one for anything else.

The period runs from the start of `date_from` to the end of `date_to` (local time), both
included. A household counts in the municipality where it is registered now.

What the figures mean
- dossiers: open at the start, opened, closed, open at the end. Always
  `open_at_end = open_at_start + opened - closed`.
- phase: the phase (1, 2, 3) of the dossiers open at the end, as it was at the end. Dossiers
  without a phase are not shown, so the phases do not add up to a published total.
- measures, per kind: running at the start, started, ended, running at the end (as CBS reports
  youth protection). Measures only requested are not counted; a measure ends only explicitly.
- decisions decided in the period: after a full hearing, or urgent (R9); median days from the
  start of the hearing to the decision, for those after a full hearing.
- complaints: received in the period; answered in the period within their term (6 weeks);
  unanswered at the end of the period and past their term (`due_on` before `date_to`).
- members by age at the end of the period, of households whose dossier was open at some point
  in the period. Members older than 100 by then count in 65–100.

Protection (R16), following CBS practice
1. Primary suppression: a count from 1 to `REPORT_MIN_COUNT - 1` is published as `null` with a
   note. A zero is kept: it says nothing about anyone.
2. Secondary suppression: figures that are tied together by a published equation (a total, or
   `end = start + in - out`) form a line. With what a reader knows (the published cells; a
   primary hidden cell lies in 1..min-1; a secondary hidden cell is 0 or at least min) we
   narrow the range of every hidden cell through all lines together, again and again, as a
   reader combining a row with a column would. When any hidden cell is pinned to one value,
   one more cell in a line through it is hidden: the smallest non-zero one, so that as little
   as possible is lost; then all is checked again. Totals are cells of their line like any
   other, so a total is hidden when it would give a hidden part away. (Known limit: when every
   non-zero cell of a line is small and hidden already, their notes can still pin them, e.g.
   four groups of 1 with a hidden total of 4; nothing more can be hidden there.)
3. Medians over fewer than `REPORT_MIN_COUNT` items are hidden.
4. Every published count is rounded to a multiple of `REPORT_ROUNDING` (5), after suppression,
   and a report covers one whole calendar period (`reports.periods`): two reports cannot be
   subtracted to single out a person. Rounded parts need not add up to their rounded total.
5. Never a name, a date of birth, an address or a household label: only counts leave here.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    BooleanField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    PositiveSmallIntegerField,
    Q,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from casefile import access
from casefile.models import Dossier, Involvement
from households.models import Member
from procedures.models import Complaint, Decision
from reports.periods import Period
from reports.suppression import PRIMARY, SECONDARY, suppress
from safety.models import MdaChange, Measure, PhaseChange, SafetyAssessment

SECONDS_PER_DAY = 86400
AGE_GROUPS = ((0, 3), (4, 11), (12, 17), (18, 22), (23, 64), (65, 100))

NOTE_SMALL = _("Klein aantal (1 tot %(min)s): verborgen.")
NOTE_SECONDARY = _("Verborgen, zodat een ander verborgen getal niet te berekenen is.")
NOTE_FEW = _("Minder dan %(min)s gevallen: verborgen.")
FEW = "few"  # a median over fewer than `min_count` items

SECTIONS = {
    "dossiers": _("Dossiers"),
    "phases": _("Huishoudens per fase"),
    "safety": _("Veiligheid"),
    "joins": _("Veiligheidsteam"),
    "measures": _("Maatregelen"),
    "decisions": _("Besluiten"),
    "complaints": _("Klachten"),
    "ages": _("Gezinsleden per leeftijd"),
}

# Every figure's label, by key (measures and age groups are composed in `figure_label`): a stored
# report (reports.snapshots) keeps only keys, so it reads in whichever language is asked for.
LABELS = {
    "dossiers.open_at_start": _("Open aan het begin"),
    "dossiers.opened": _("Geopend"),
    "dossiers.closed": _("Gesloten"),
    "dossiers.open_at_end": _("Open aan het eind"),
    "phases.1": _("Fase 1: directe veiligheid"),
    "phases.2": _("Fase 2: stabiele veiligheid"),
    "phases.3": _("Fase 3: herstel"),
    "safety.acute_assessments": _("Taxaties met acuut gevaar"),
    "safety.mda_dossiers": _("MDA++-dossiers aan het eind"),
    "joins.count": _("Aansluitingen van het veiligheidsteam"),
    "joins.median_days_to_first_join": _("Mediaan dagen van opening tot eerste aansluiting"),
    "decisions.after_hearing": _("Besloten na horen"),
    "decisions.urgent": _("Spoedbesluiten"),
    "decisions.median_days_in_hearing": _("Mediaan dagen van start horen tot besluit"),
    "complaints.received": _("Ontvangen"),
    "complaints.answered_in_time": _("Binnen 6 weken beantwoord"),
    "complaints.overdue": _("Te laat: nog geen antwoord"),
    "ages.total": _("Alle gezinsleden"),
}
MEASURE_COLUMNS = {
    "at_start": _("bij begin"),
    "started": _("gestart"),
    "ended": _("beëindigd"),
    "at_end": _("bij eind"),
}


def figure_label(key: str) -> str:
    """A figure's label in the active language, from its key alone."""
    section, _dot, rest = key.partition(".")
    if section == "measures":
        kind, column = rest.split(".")
        kind_label = _("Alle maatregelen") if kind == "total" else Measure.Kind(kind).label
        return f"{kind_label}: {MEASURE_COLUMNS[column]}"
    if section == "ages" and rest != "total":
        low, high = rest.split("_")
        return str(_("%(low)s tot en met %(high)s jaar") % {"low": low, "high": high})
    return str(LABELS[key])


def figure_note(reason: str, *, min_count: int) -> str:
    """Why a figure is hidden (PRIMARY, SECONDARY or FEW), in the active language; "" if shown."""
    if reason == PRIMARY:
        return str(NOTE_SMALL % {"min": min_count})
    if reason == SECONDARY:
        return str(NOTE_SECONDARY)
    if reason == FEW:
        return str(NOTE_FEW % {"min": min_count})
    return ""


@dataclass(frozen=True)
class Figure:
    section: str
    key: str  # unique in the report, e.g. "measures.ots.at_start"
    label: str
    value: int | float | None  # None: suppressed
    unit: str = "count"  # "count" or "days"
    suppressed: bool = False
    note: str = ""
    reason: str = ""  # why it is hidden: PRIMARY, SECONDARY or FEW


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    figures: list[Figure]


@dataclass
class Report:
    municipality: Municipality
    period: Period
    date_from: datetime.date
    date_to: datetime.date  # the period's last day, or today while the period runs
    min_count: int
    rounding: int
    figures: list[Figure] = field(default_factory=list)
    computed_at: datetime.datetime | None = None  # when the figures were counted

    @property
    def sections(self) -> list[Section]:
        return [
            Section(key, str(label), [f for f in self.figures if f.section == key])
            for key, label in SECTIONS.items()
        ]

    @property
    def notes(self) -> list[str]:
        return [
            str(_("Aantallen van 1 tot %(min)s zijn verborgen.") % {"min": self.min_count}),
            str(
                _(
                    "Soms is ook een tweede getal verborgen, zodat een verborgen getal niet uit "
                    "de andere getallen of een totaal te berekenen is."
                )
            ),
            str(
                _("Een mediaan over minder dan %(min)s gevallen is verborgen.")
                % {"min": self.min_count}
            ),
            str(
                _(
                    "Alle aantallen zijn afgerond op een veelvoud van %(step)s. Daardoor is een "
                    "totaal soms niet precies de som van de delen."
                )
                % {"step": self.rounding}
            ),
        ]


def report_municipality_get(*, user, code: str | None) -> Municipality:
    """The municipality whose figures the analyst asks for (else 403, naming no other)."""
    municipalities = access.report_municipalities(user)
    if code:
        municipality = municipalities.filter(code=code.upper()).first()
        if municipality is None:
            raise PermissionDenied(_("U ziet alleen de cijfers van uw eigen gemeente."))
        return municipality
    found = list(municipalities[:2])
    if not found:
        raise PermissionDenied(_("Uw organisatie werkt voor geen gemeente. Vraag de beheerder."))
    if len(found) > 1:
        codes = ", ".join(municipalities.values_list("code", flat=True))
        raise ValidationError(
            {"municipality": [_("Kies een gemeente: %(codes)s.") % {"codes": codes}]}
        )
    return found[0]


# --- the computation ----------------------------------------------------------------------------


def municipality_report(
    *, municipality: Municipality, period: Period, today: datetime.date | None = None
) -> Report:
    """All figures for one municipality and calendar period, suppressed and rounded (R16)."""
    date_from = period.first_day
    date_to = period.until(today or timezone.localdate())
    start = _start_of(date_from)
    end = _start_of(date_to + datetime.timedelta(days=1))
    dossiers = Dossier.objects.filter(household__municipality=municipality)
    builder = _Builder(min_count=settings.REPORT_MIN_COUNT, rounding=settings.REPORT_ROUNDING)

    _dossier_figures(builder, dossiers, start, end)
    _safety_figures(builder, municipality, dossiers, date_from, date_to, start, end)
    _measure_figures(builder, municipality, date_from, date_to)
    _decision_figures(builder, municipality, start, end)
    _complaint_figures(builder, municipality, date_to, start, end)
    _age_figures(builder, municipality, date_from, date_to, start, end)

    return Report(
        municipality=municipality,
        period=period,
        date_from=date_from,
        date_to=date_to,
        min_count=builder.min_count,
        rounding=builder.rounding,
        figures=builder.figures(),
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _open_at(moment: datetime.datetime) -> Q:
    return Q(opened_at__lt=moment) & (Q(closed_at__isnull=True) | Q(closed_at__gte=moment))


def _dossier_figures(builder, dossiers, start, end) -> None:
    counts = dossiers.aggregate(
        open_at_start=Count("pk", filter=_open_at(start)),
        opened=Count("pk", filter=Q(opened_at__gte=start, opened_at__lt=end)),
        closed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
        open_at_end=Count("pk", filter=_open_at(end)),
    )
    for key in ("open_at_start", "opened", "closed", "open_at_end"):
        builder.count("dossiers", f"dossiers.{key}", counts[key])
    builder.line(
        {
            "dossiers.open_at_start": 1,
            "dossiers.opened": 1,
            "dossiers.closed": -1,
            "dossiers.open_at_end": -1,
        }
    )


def _safety_figures(builder, municipality, dossiers, date_from, date_to, start, end) -> None:
    at_end = dossiers.filter(_open_at(end)).annotate(
        phase_at_end=Subquery(
            PhaseChange.objects.filter(dossier=OuterRef("pk"), changed_at__lt=end)
            .order_by("-changed_at")
            .values("phase")[:1],
            output_field=PositiveSmallIntegerField(),
        ),
        mda_at_end=Subquery(
            MdaChange.objects.filter(dossier=OuterRef("pk"), changed_at__lt=end)
            .order_by("-changed_at")
            .values("marked")[:1],
            output_field=BooleanField(),
        ),
    )
    # Grouped by phase and MDA++ mark together, so each dossier's phase and mark are looked up
    # once, in one pass over the open dossiers: as FILTERs of one aggregate PostgreSQL would
    # run the subqueries again for every FILTER, and a second query would walk them again.
    phases: dict[int | None, int] = {}
    mda = 0
    for phase, marked, n in (
        at_end.values("phase_at_end", "mda_at_end")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("phase_at_end", "mda_at_end", "n")
    ):
        phases[phase] = phases.get(phase, 0) + n
        mda += n if marked else 0
    counts = {
        "phase_1": phases.get(1, 0),
        "phase_2": phases.get(2, 0),
        "phase_3": phases.get(3, 0),
        "mda": mda,
    }
    builder.count("phases", "phases.1", counts["phase_1"])
    builder.count("phases", "phases.2", counts["phase_2"])
    builder.count("phases", "phases.3", counts["phase_3"])

    acute = SafetyAssessment.objects.filter(
        dossier__household__municipality=municipality,
        acute_danger=True,
        assessed_on__gte=date_from,
        assessed_on__lte=date_to,
    ).count()
    builder.count("safety", "safety.acute_assessments", acute)
    builder.count("safety", "safety.mda_dossiers", counts["mda"])

    joins = Involvement.objects.filter(
        dossier__household__municipality=municipality,
        kind=Involvement.Kind.JOINED,
        started_at__gte=start,
        started_at__lt=end,
    ).count()
    builder.count("joins", "joins.count", joins)

    # Each dossier's first join, grouped once (not a subquery per dossier).
    waits = (
        Involvement.objects.filter(
            dossier__household__municipality=municipality, kind=Involvement.Kind.JOINED
        )
        .values("dossier_id", "dossier__opened_at")
        .order_by()
        .annotate(first_join=Min("started_at"))
        .filter(first_join__gte=start, first_join__lt=end)
        .annotate(
            wait=ExpressionWrapper(
                F("first_join") - F("dossier__opened_at"), output_field=DurationField()
            )
        )
        .values_list("wait", flat=True)
    )
    builder.median("joins", "joins.median_days_to_first_join", waits)


def _measure_figures(builder, municipality, date_from, date_to) -> None:
    running_at_start = Q(starts_on__lt=date_from) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=date_from)
    )
    running_at_end = Q(starts_on__lte=date_to) & (
        Q(ended_on__isnull=True) | Q(ended_on__gt=date_to)
    )
    rows = (
        Measure.objects.filter(dossier__household__municipality=municipality)
        .exclude(status=Measure.Status.REQUESTED)
        .values("kind")
        .order_by("kind")
        .annotate(
            at_start=Count("pk", filter=running_at_start),
            started=Count("pk", filter=Q(starts_on__gte=date_from, starts_on__lte=date_to)),
            ended=Count("pk", filter=Q(ended_on__gte=date_from, ended_on__lte=date_to)),
            at_end=Count("pk", filter=running_at_end),
        )
    )
    by_kind = {row["kind"]: row for row in rows}
    totals = dict.fromkeys(MEASURE_COLUMNS, 0)
    for kind in Measure.Kind.values:
        row = by_kind.get(kind, {})
        for column in MEASURE_COLUMNS:
            value = row.get(column, 0)
            totals[column] += value
            builder.count("measures", f"measures.{kind}.{column}", value)
        builder.line(_flow(f"measures.{kind}"))
    for column in MEASURE_COLUMNS:
        builder.count("measures", f"measures.total.{column}", totals[column])
        builder.line(
            {
                **{f"measures.{kind}.{column}": 1 for kind in Measure.Kind.values},
                f"measures.total.{column}": -1,
            }
        )
    builder.line(_flow("measures.total"))


def _flow(prefix: str) -> dict[str, int]:
    return {
        f"{prefix}.at_start": 1,
        f"{prefix}.started": 1,
        f"{prefix}.ended": -1,
        f"{prefix}.at_end": -1,
    }


def _decision_figures(builder, municipality, start, end) -> None:
    decided = Decision.objects.filter(
        dossier__household__municipality=municipality,
        state=Decision.State.DECIDED,
        decided_at__gte=start,
        decided_at__lt=end,
    )
    counts = decided.aggregate(
        heard=Count("pk", filter=Q(is_urgent=False)),
        urgent=Count("pk", filter=Q(is_urgent=True)),
    )
    builder.count("decisions", "decisions.after_hearing", counts["heard"])
    builder.count("decisions", "decisions.urgent", counts["urgent"])
    hearings = (
        decided.filter(is_urgent=False, hearing_started_at__isnull=False)
        .annotate(
            hearing=ExpressionWrapper(
                F("decided_at") - F("hearing_started_at"), output_field=DurationField()
            )
        )
        .values_list("hearing", flat=True)
    )
    builder.median("decisions", "decisions.median_days_in_hearing", hearings)


def _complaint_figures(builder, municipality, date_to, start, end) -> None:
    counts = Complaint.objects.filter(dossier__household__municipality=municipality).aggregate(
        received=Count("pk", filter=Q(received_at__gte=start, received_at__lt=end)),
        answered_in_time=Count(
            "pk",
            filter=Q(
                answered_at__gte=start,
                answered_at__lt=end,
                answered_at__date__lte=F("due_on"),
            ),
        ),
        overdue=Count(
            "pk",
            filter=Q(received_at__lt=end, due_on__lt=date_to)
            & (Q(answered_at__isnull=True) | Q(answered_at__gte=end)),
        ),
    )
    builder.count("complaints", "complaints.received", counts["received"])
    builder.count("complaints", "complaints.answered_in_time", counts["answered_in_time"])
    builder.count("complaints", "complaints.overdue", counts["overdue"])


def _years_before(day: datetime.date, years: int) -> datetime.date:
    """The last birth date at which someone is `years` old on `day` (29 February → 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _age_figures(builder, municipality, date_from, date_to, start, end) -> None:
    members = Member.objects.filter(
        household__municipality=municipality,
        household__dossier__opened_at__lt=end,
        date_of_birth__lte=date_to,
    ).filter(
        (
            Q(household__dossier__closed_at__isnull=True)
            | Q(household__dossier__closed_at__gte=start)
        )
        & (Q(left_on__isnull=True) | Q(left_on__gte=date_from))
    )
    groups = {}
    for low, high in AGE_GROUPS:
        # Aged `low` or more: born on or before `_years_before(date_to, low)`.
        in_group = Q(date_of_birth__lte=_years_before(date_to, low))
        if high < AGE_GROUPS[-1][1]:
            in_group &= Q(date_of_birth__gt=_years_before(date_to, high + 1))
        groups[f"{low}_{high}"] = Count("pk", filter=in_group)
    counts = members.aggregate(total=Count("pk"), **groups)
    for low, high in AGE_GROUPS:
        builder.count("ages", f"ages.{low}_{high}", counts[f"{low}_{high}"])
    builder.count("ages", "ages.total", counts["total"])
    builder.line({**{f"ages.{low}_{high}": 1 for low, high in AGE_GROUPS}, "ages.total": -1})


# --- suppression (the rules are in reports.suppression) --------------------------------


class _Builder:
    """Collects raw figures and the equations between them; hands them out suppressed."""

    def __init__(self, *, min_count: int, rounding: int):
        self.min_count = min_count
        self.rounding = rounding
        self._figures: list[Figure] = []
        self._counts: dict[str, int] = {}
        self._lines: list[dict[str, int]] = []

    def count(self, section: str, key: str, value: int) -> None:
        self._counts[key] = value
        self._figures.append(Figure(section=section, key=key, label=figure_label(key), value=value))

    def line(self, coefficients: dict[str, int]) -> None:
        """`sum(coefficient * value) == 0` holds for these published counts."""
        self._lines.append(coefficients)

    def median(self, section: str, key: str, durations: Iterable[datetime.timedelta]):
        days = [d.total_seconds() / SECONDS_PER_DAY for d in durations if d is not None]
        label = figure_label(key)
        if len(days) < self.min_count:
            figure = Figure(
                section=section,
                key=key,
                label=label,
                value=None,
                unit="days",
                suppressed=True,
                note=figure_note(FEW, min_count=self.min_count),
                reason=FEW,
            )
        else:
            value = round(statistics.median(days), 1)
            figure = Figure(section=section, key=key, label=label, value=value, unit="days")
        self._figures.append(figure)

    def figures(self) -> list[Figure]:
        hidden = suppress(self._counts, self._lines, min_count=self.min_count)
        return [
            Figure(
                section=f.section,
                key=f.key,
                label=f.label,
                value=None,
                unit=f.unit,
                suppressed=True,
                note=figure_note(hidden[f.key], min_count=self.min_count),
                reason=hidden[f.key],
            )
            if f.key in hidden
            else self._rounded(f)
            for f in self._figures
        ]

    def _rounded(self, figure: Figure) -> Figure:
        """A count to the nearest multiple of `rounding` (halves up); medians as they are."""
        if figure.unit != "count" or self.rounding <= 1:
            return figure
        value = (int(figure.value) * 2 + self.rounding) // (2 * self.rounding) * self.rounding
        return replace(figure, value=value)
