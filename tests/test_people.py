"""Whom to follow among several people: box logic of the person lock (no model)."""

from __future__ import annotations

import pytest

from formcheck.pose.people import Box, PersonLock, band, merge_people, pick


def person(x0: float, x1: float, y0: float = 50.0, y1: float = 350.0) -> Box:
    return Box(x0, y0, x1, y1)


def test_a_person_seen_twice_counts_once_and_two_people_stay_two() -> None:
    whole, part = person(100, 300), person(120, 280, 60, 340)  # the same person, found in the picture and a tile
    other = person(800, 950)
    merged = merge_people([part, other, whole])
    assert merged == [whole, other]  # sorted left to right, the larger box kept


@pytest.mark.parametrize(("choice", "expected"), [("left", 0), ("right", 2), ("largest", 1)])
def test_pick_by_position_or_size(choice: str, expected: int) -> None:
    people = [person(0, 100), person(300, 600), person(900, 1000)]
    assert pick(people, choice, followed=None) == expected  # type: ignore[arg-type]


def test_auto_keeps_the_person_already_followed_even_when_smaller() -> None:
    people = [person(0, 100), person(300, 600)]
    assert pick(people, "auto", followed=person(5, 95)) == 0
    assert pick(people, "auto", followed=None) == 1  # nobody followed yet: the largest


def test_band_holds_the_target_with_room_and_stops_short_of_the_neighbours() -> None:
    people = [person(100, 300), person(700, 900)]
    x0, x1 = band(people, 0, width=1280)
    assert x0 == 0 and 300 + 0.25 * 200 <= x1 < 800  # room for a lifted leg, never past the neighbour's centre
    x0, x1 = band(people, 1, width=1280)
    assert 200 < x0 <= 700 - 0.25 * 200 and x1 == 1280


def test_the_lock_follows_one_person_and_lets_go_when_they_are_alone_again() -> None:
    lock = PersonLock("left", release_after=2)
    lock.update(0.0, [person(100, 300)], None, 1280)
    assert lock.region is None  # one person: the whole picture
    lock.update(1.0, [person(700, 900), person(100, 300)], person(100, 300), 1280)
    assert lock.region is not None and lock.region[1] < 800
    # the followed person walks right a little; the other stays: still the same person
    lock.update(2.0, [person(160, 360), person(700, 900)], None, 1280)
    assert lock.region[0] == 0 and 360 < lock.region[1] < 800
    assert "followed the leftmost person" in lock.describe() and "1.0 s" in lock.describe()
    lock.update(3.0, [person(160, 360)], None, 1280)
    assert lock.region is not None  # one quiet report is not enough to let go
    lock.update(4.0, [person(160, 360)], None, 1280)
    assert lock.region is None


def test_nothing_to_say_with_one_person() -> None:
    lock = PersonLock()
    lock.update(0.0, [person(100, 300)], None, 640)
    assert lock.describe() == ""


@pytest.mark.parametrize("choice", ["auto", "largest", "left", "right"])
def test_a_known_first_person_wins_over_the_choice_for_the_first_lock_only(choice: str) -> None:
    lock = PersonLock(choice, first=person(700, 900))  # type: ignore[arg-type]
    lock.update(0.0, [person(100, 300), person(690, 905), person(1000, 1250, 0, 479)], None, 1280)
    assert lock.region is not None and lock.region[0] > 300 and lock.region[1] < 1000 + 60
    assert lock.first is None
    assert pick([person(100, 300), person(700, 900)], "left", None, first=person(2000, 2100)) == 0  # nobody there
