"""Whom to follow when several people are in view, and how to keep following them.

The hot path estimates one pose per frame (``num_poses=1``, what a single-person analysis
costs). Now and then a scout (:mod:`formcheck.pose.scout`) lists the people in the whole
picture; :class:`PersonLock` turns those lists into a vertical band of the picture that
holds the followed person and none of the others, so the one-person estimator cannot hop
to somebody else. Pure logic on boxes, no image or model here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

PersonChoice = Literal["auto", "largest", "left", "right"]
"""``auto``: keep following whoever is being analysed (the largest person at the first sight of
several); ``largest``: the person with the largest box when several are first seen;
``left`` / ``right``: the leftmost / rightmost person in the picture."""
PERSON_CHOICES: tuple[str, ...] = get_args(PersonChoice)


@dataclass(frozen=True, slots=True)
class Box:
    """A person's extent in pixels (x right, y down)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        """Horizontal centre (px)."""
        return (self.x0 + self.x1) / 2.0

    @property
    def area(self) -> float:
        """Area (px^2)."""
        return max(self.x1 - self.x0, 0.0) * max(self.y1 - self.y0, 0.0)

    def as_tuple(self) -> tuple[float, float, float, float]:
        """``(x0, y0, x1, y1)``."""
        return (self.x0, self.y0, self.x1, self.y1)

    def overlap(self, other: Box) -> float:
        """Intersection area over the smaller box's area, in [0, 1]."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        smaller = min(self.area, other.area)
        return max(w, 0.0) * max(h, 0.0) / smaller if smaller > 0 else 0.0


def merge_people(boxes: list[Box], same: float = 0.5) -> list[Box]:
    """Boxes of distinct people: a box mostly inside a kept one (``same`` of its area) is a duplicate.

    Larger boxes win, so a person seen whole in the full picture and in part in a tile counts once.
    """
    kept: list[Box] = []
    for box in sorted(boxes, key=lambda b: -b.area):
        if all(box.overlap(k) < same for k in kept):
            kept.append(box)
    return sorted(kept, key=lambda b: b.cx)


def pick(people: list[Box], choice: PersonChoice, followed: Box | None, first: Box | None = None) -> int:
    """Index in ``people`` (sorted left to right) of the person to follow.

    ``first``: where the person to follow is known to be (see :attr:`PersonLock.first`); it wins
    over ``choice`` when somebody stands there.
    """
    there = _standing_at(people, first)
    if there is not None:
        return there
    if choice == "left":
        return 0
    if choice == "right":
        return len(people) - 1
    if choice == "auto":
        there = _standing_at(people, followed)
        if there is not None:
            return there
    return max(range(len(people)), key=lambda i: people[i].area)


def _standing_at(people: list[Box], box: Box | None, min_overlap: float = 0.3) -> int | None:
    """Index of the person overlapping ``box`` most, if by more than ``min_overlap``."""
    if box is None:
        return None
    best = max(range(len(people)), key=lambda i: people[i].overlap(box))
    return best if people[best].overlap(box) > min_overlap else None


def band(people: list[Box], target: int, width: int, margin: float = 0.25) -> tuple[int, int]:
    """Columns ``[x0, x1)`` that hold ``people[target]`` and stop half-way to each neighbour.

    ``margin``: extra room around the target, as a fraction of its width, where the neighbours
    leave it (a lifted leg or a step sideways must stay in the band).
    """
    me = people[target]
    room = margin * (me.x1 - me.x0)
    x0, x1 = 0.0, float(width)
    if target > 0:
        left = people[target - 1]
        x0 = max(min((left.x1 + me.x0) / 2.0, me.x0 - room), left.cx)
    if target < len(people) - 1:
        right = people[target + 1]
        x1 = min(max((me.x1 + right.x0) / 2.0, me.x1 + room), right.cx)
    return max(int(x0), 0), min(round(x1), width)


@dataclass
class PersonLock:
    """Follows one person across scout reports; :attr:`region` is where the hot path looks.

    Args:
        choice: whom to follow (see :data:`PersonChoice`).
        release_after: consecutive scout reports with fewer than two people after which the
            whole picture is used again.
        first: where the person to follow stands at the start, when known (a segment's
            estimator is told whom the segment before it followed); used by the first scout
            report only, whatever it shows.

    """

    choice: PersonChoice = "auto"
    release_after: int = 3
    first: Box | None = None
    region: tuple[int, int] | None = None
    """Columns ``[x0, x1)`` the hot path sees, or None for the whole picture."""
    most_people: int = 0
    """The most people any scout report saw."""
    people_now: int = 0
    """People in the latest scout report."""
    locked_at_s: float | None = None
    """When the lock first took hold (s)."""
    side_seen: str = ""
    """Where the followed person was when the lock took hold ("left", "middle", "right")."""
    _quiet: int = 0
    _target: Box | None = None

    def update(self, t: float, people: list[Box], followed: Box | None, width: int) -> None:
        """Take a scout report at time ``t`` (s); ``followed``: the box of the pose just estimated."""
        people = merge_people(people)
        first, self.first = self.first, None
        self.people_now = len(people)
        self.most_people = max(self.most_people, len(people))
        if len(people) < 2:
            self._quiet += 1
            if self._quiet >= self.release_after:
                self.region, self._target = None, None
            return
        self._quiet = 0
        if self._target is None:
            index = pick(people, self.choice, followed, first)
            if self.locked_at_s is None:
                self.locked_at_s = t
                self.side_seen = _rank_name(index, len(people))
        else:  # keep the same person: the one nearest where they were
            index = min(range(len(people)), key=lambda i: abs(people[i].cx - self._target.cx))  # type: ignore[union-attr]
        self._target = people[index]
        self.region = band(people, index, width)

    def describe(self) -> str:
        """One sentence for the report: whom this run followed, or "" when it saw one person at most."""
        if self.most_people < 2 or self.locked_at_s is None:
            return ""
        how = {
            "auto": "the person being analysed",
            "largest": "the largest person",
            "left": "the leftmost person",
            "right": "the rightmost person",
        }[self.choice]
        others = "left" if self.side_seen == "right" else "right"
        return (
            f"{self.most_people} people in view: followed {how} (on the {self.side_seen} when several were "
            f"first seen at {self.locked_at_s:.1f} s); --person {others} analyses another"
        )


def _rank_name(index: int, count: int) -> str:
    if index == 0:
        return "left"
    return "right" if index == count - 1 else "middle"


def is_choice(value: str) -> bool:
    """True when ``value`` names a :data:`PersonChoice`."""
    return value in PERSON_CHOICES
