"""The network picture (ecomap): where each person goes in a server-drawn SVG.

Only geometry lives here: the caller (safety.selectors.network_picture) decides who is in the
picture through the visibility policy, and the template draws it (no script). The household
sits in the middle as a circle with its members inside; network contacts sit on the left half
of a ring around it, professionals on the right half, each joined to the household by a line.
A contact who watches over the safety plan gets a thick line. The same people, in the same
order, form the text alternative beside the drawing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 900
CENTRE_X = WIDTH // 2
# The household circle and the ring the others sit on.
HOUSEHOLD_RADIUS = 180
RING_RADIUS = 330
NODE_RADIUS = 22
MEMBER_RADIUS = 8
MARGIN = 60


@dataclass(frozen=True)
class Person:
    """Someone in the picture: `label` is the name, `detail` says age and role, relation, or
    organisation. `watches`: a network contact who watches over the safety plan."""

    kind: str  # "member", "contact" or "professional"
    label: str
    detail: str
    watches: bool = False
    is_lead: bool = False


@dataclass(frozen=True)
class Placed:
    person: Person
    x: int
    y: int
    text_y: int  # the first text line's baseline, below the circle
    anchor: str  # SVG text-anchor of the text under the node


@dataclass(frozen=True)
class Ecomap:
    household: str
    width: int
    height: int
    centre_x: int
    centre_y: int
    household_radius: int
    node_radius: int
    member_radius: int
    members: list[Placed]
    contacts: list[Placed]
    professionals: list[Placed]

    @property
    def others(self) -> list[Placed]:
        return [*self.contacts, *self.professionals]

    @property
    def is_empty(self) -> bool:
        return not (self.members or self.contacts or self.professionals)


def _on_arc(
    people: list[Person], *, centre: tuple[int, int], radius: int, start: float, end: float
) -> list[Placed]:
    """Spread `people` evenly over the arc from `start` to `end` (degrees, 0 = right, clockwise
    as SVG's y grows downward)."""
    placed = []
    count = len(people)
    for index, person in enumerate(people):
        angle = math.radians(start + (end - start) * (index + 0.5) / count) if count else 0
        x = round(centre[0] + radius * math.cos(angle))
        y = round(centre[1] + radius * math.sin(angle))
        # Text centred under each node: the ring leaves room for it inside the drawing.
        anchor = "middle"
        placed.append(Placed(person=person, x=x, y=y, text_y=y + NODE_RADIUS + 16, anchor=anchor))
    return placed


def _inside(members: list[Person], centre: tuple[int, int]) -> list[Placed]:
    """Members on a small circle inside the household (one member: in the middle), each a
    small dot with the name and age below it."""
    if len(members) == 1:
        return [
            Placed(
                person=members[0], x=centre[0], y=centre[1], text_y=centre[1] + 22, anchor="middle"
            )
        ]
    radius = HOUSEHOLD_RADIUS - 78
    return [
        Placed(person=p.person, x=p.x, y=p.y - 14, text_y=p.y + 8, anchor="middle")
        for p in _on_arc(members, centre=centre, radius=radius, start=-90, end=270)
    ]


def ecomap_layout(
    *, household: str, members: list[Person], contacts: list[Person], professionals: list[Person]
) -> Ecomap:
    """Positions for everyone, in a drawing `WIDTH` wide and as high as needed."""
    height = 2 * (RING_RADIUS + MARGIN) + 20
    centre = (CENTRE_X, height // 2)
    return Ecomap(
        household=household,
        width=WIDTH,
        height=height,
        centre_x=centre[0],
        centre_y=centre[1],
        household_radius=HOUSEHOLD_RADIUS,
        node_radius=NODE_RADIUS,
        member_radius=MEMBER_RADIUS,
        members=_inside(members, centre),
        # Left half for the family's own network, right half for the professionals.
        contacts=_on_arc(contacts, centre=centre, radius=RING_RADIUS, start=110, end=250),
        professionals=_on_arc(professionals, centre=centre, radius=RING_RADIUS, start=-70, end=70),
    )
