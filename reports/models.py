"""Stored municipality reports (R16): the published figures of one municipality and period.

Counting a report at 100,000 households takes a few hundred milliseconds, so the figures are
counted once (by a request that finds none, or by `reports.tasks`) and read back after. A
snapshot holds only what the report publishes: suppressed and rounded counts, medians, and the
reason a figure is hidden, by key. Never a name, a household or a raw count (R16).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality


class ReportSnapshot(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("gemeente")
    )
    period = models.CharField(_("periode"), max_length=7)  # a code of reports.periods
    date_from = models.DateField()
    date_to = models.DateField()  # the last day counted: today while the period was running
    computed_at = models.DateTimeField(_("berekend op"))
    # The settings the figures were published with: other settings make the snapshot stale.
    min_count = models.PositiveSmallIntegerField()
    rounding = models.PositiveSmallIntegerField()
    # [{"section", "key", "value", "unit", "suppressed", "reason"}], in the report's order.
    figures = models.JSONField()

    class Meta:
        verbose_name = _("opgeslagen rapportage")
        verbose_name_plural = _("opgeslagen rapportages")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period"], name="report_snapshot_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.period}"
