"""Which counts of a municipality report to hide (R16); the reasons are in reports.figures."""

from __future__ import annotations

import math

PRIMARY = "primary"
SECONDARY = "secondary"


def suppress(
    counts: dict[str, int], lines: list[dict[str, int]], *, min_count: int
) -> dict[str, str]:
    """Which counts to hide, and why (PRIMARY or SECONDARY). See the module docstring.

    A reader combines all published equations at once (a column total with a row's flow, say),
    so a hidden count is checked against what all lines together pin down, not one line alone.
    """
    hidden = {key: PRIMARY for key, value in counts.items() if 0 < value < min_count}
    while True:
        shown = [
            other
            for key in _worked_out(lines, counts, hidden, min_count)
            for line in lines
            if key in line
            for other in line
            if other not in hidden
        ]
        if not shown:
            # Nothing is given away, or only where every cell around is hidden already.
            return hidden
        nonzero = [other for other in shown if counts[other] > 0] or shown
        hidden[min(nonzero, key=lambda other: (counts[other], other))] = SECONDARY


def _bounds(key: str, counts, hidden, min_count) -> tuple[float, float]:
    """What a reader knows about a count: exact when shown, else the range its note implies.

    A secondary cell is 0 or at least `min_count`; taking the part its true value lies in
    credits the reader with more than they know, which errs on the safe side.
    """
    if key not in hidden:
        return counts[key], counts[key]
    if hidden[key] == PRIMARY:
        return 1, min_count - 1
    return (min_count if counts[key] > 0 else 0), math.inf


def _worked_out(lines, counts, hidden, min_count) -> list[str]:
    """The hidden counts a reader can work out exactly from all published lines.

    Bounds propagation: each line narrows the range of each of its hidden cells given the ranges
    of the others, again and again until nothing narrows. Sound (it never narrows wrongly), so
    whatever it pins down, a reader can too.
    """
    keys = {key for line in lines for key in line}
    bounds = {key: _bounds(key, counts, hidden, min_count) for key in keys}
    changed = True
    while changed:
        changed = False
        for line in lines:
            for key, coefficient in line.items():
                if key not in hidden:
                    continue
                # c_k * x_k = -sum(c_i * x_i for i != k): the range of the right-hand side.
                low = high = 0.0
                for other, other_coefficient in line.items():
                    if other != key:
                        a = other_coefficient * bounds[other][0]
                        b = other_coefficient * bounds[other][1]
                        low -= max(a, b)
                        high -= min(a, b)
                low, high = sorted((low / coefficient, high / coefficient))
                old_low, old_high = bounds[key]
                new = (max(old_low, _ceil(low)), min(old_high, _floor(high)))
                if new != (old_low, old_high):
                    bounds[key] = new
                    changed = True
    return sorted(key for key in keys if key in hidden and bounds[key][0] == bounds[key][1])


def _ceil(value: float) -> float:
    return value if math.isinf(value) else math.ceil(value)


def _floor(value: float) -> float:
    return value if math.isinf(value) else math.floor(value)
