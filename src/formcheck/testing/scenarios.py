"""Exercise scenarios on the synthetic figure: reps or holds with known answers and injectable faults.

Rep scenarios: ``REP_SCENARIOS[name].build(faults)`` with one entry per rep (a fault name
from ``.faults`` or None for a clean rep) returns a :class:`~formcheck.testing.synth.Timeline`
and the side each rep is counted on. Hold scenarios: ``HOLD_SCENARIOS[name].build(holds)``
with one :class:`HoldSpec` per hold returns the timeline; the expected in-form time of a
hold is its length minus its fault span (ramps are 0.1 s, so the threshold crossings sit
within 0.05 s of the nominal span edges).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from formcheck.core.landmarks import Side
from formcheck.testing import synth as S
from formcheck.testing.synth import Pose, Timeline

RAMP_S = 0.1
"""Transition time of hold faults and of entering/leaving a hold position."""

RepFaults = Sequence[str | None]


@dataclass(frozen=True)
class RepScenario:
    """How to build reps of one exercise; ``faults`` lists the injectable faults (codes without the prefix)."""

    faults: tuple[str, ...]
    build: Callable[[RepFaults], tuple[Timeline, list[str]]]


def _alternate(i: int) -> Side:
    return Side.LEFT if i % 2 == 0 else Side.RIGHT


# ---- rep builders --------------------------------------------------------------------------
def seated_knee_raise(faults: RepFaults) -> tuple[Timeline, list[str]]:
    """Alternating legs: thigh 0 -> 20 deg, 2.5 s hold, lower."""
    tl = Timeline(S.seated()).hold(1.5)
    sides = []
    for i, fault in enumerate(faults):
        leg = _alternate(i).value
        sides.append(leg)
        if fault == "slouching":
            tl.move({"trunk": 60.0}, 0.5).hold(0.3)
        peak = 10.5 if fault == "lift_too_small" else 20.0
        hold = 0.8 if fault == "short_hold" else 2.5
        lift: Pose = {f"thigh.{leg}": peak}
        trunk = tl.pose["trunk"]
        if fault == "squirming":
            lift["trunk"] = trunk + 12.0
        tl.mark(f"rep{i + 1}").move(lift, 0.8).hold(hold).move({f"thigh.{leg}": 0.0, "trunk": trunk}, 0.8)
        tl.hold(0.8)
        if fault == "slouching":
            tl.move({"trunk": 90.0}, 0.5)
        tl.hold(0.7)
    return tl, sides


def _hanging(faults: RepFaults, *, straight: bool) -> tuple[Timeline, list[str]]:
    tl = Timeline(S.hanging()).hold(1.5)
    for i, fault in enumerate(faults):
        top = {"below_parallel": -25.0, "knees_below_hip": -20.0}.get(fault or "", 5.0 if straight else 15.0)
        shank = top if straight else top - 90.0
        if fault == "knees_bent":
            shank = top - 40.0
        hold = 0.3 if fault == "no_hold" else (2.0 if straight else 0.5)
        lower = 0.25 if fault == "fast_lowering" else 3.0
        if fault == "arching":  # legs swing behind the body just before the raise
            tl.move({"thigh.left": -110.0, "thigh.right": -110.0, "shank.left": -110.0, "shank.right": -110.0}, 0.4)
        up: Pose = {"thigh.left": top, "thigh.right": top, "shank.left": shank, "shank.right": shank}
        if fault == "swinging":
            up["hx"] = 640.0 + 160.0  # the hips travel about a torso length: a kipping swing
        tl.mark(f"rep{i + 1}").move(up, 1.0).hold(hold)
        tl.move(
            {"thigh.left": -90.0, "thigh.right": -90.0, "shank.left": -90.0, "shank.right": -90.0, "hx": 640.0}, lower
        ).hold(1.2)
    return tl, ["both"] * len(faults)


def hanging_knee_raise(faults: RepFaults) -> tuple[Timeline, list[str]]:
    """Both knees to 15 deg above horizontal (shins hanging), lower in 3 s."""
    return _hanging(faults, straight=False)


def hanging_leg_raise(faults: RepFaults) -> tuple[Timeline, list[str]]:
    """Straight legs to 5 deg above horizontal, 2 s hold, lower in 3 s."""
    return _hanging(faults, straight=True)


def lying_leg_raise(faults: RepFaults) -> tuple[Timeline, list[str]]:
    """Alternating straight-leg raises to 80 deg, lowered in 3 s."""
    tl = Timeline(S.supine()).hold(1.5)
    sides = []
    for i, fault in enumerate(faults):
        leg = _alternate(i).value
        sides.append(leg)
        peak = 55.0 if fault == "below_target" else 80.0
        shank = peak - 30.0 if fault == "knees_bent" else peak
        up: Pose = {f"thigh.{leg}": peak, f"shank.{leg}": shank}
        if fault == "back_arching":
            up["trunk"] = 172.0
        lower = 0.25 if fault == "uncontrolled_lowering" else 3.0
        tl.mark(f"rep{i + 1}").move(up, 1.2).hold(0.5)
        tl.move({f"thigh.{leg}": 0.0, f"shank.{leg}": 0.0, "trunk": 180.0}, lower).hold(1.0)
    return tl, sides


def psoas_march(faults: RepFaults) -> tuple[Timeline, list[str]]:
    """Alternating small knee lifts (thigh 0 -> 45 deg) over 1.5 s each way."""
    tl = Timeline(S.supine()).hold(1.5)
    sides = []
    for i, fault in enumerate(faults):
        leg = _alternate(i).value
        sides.append(leg)
        ramp, hold = (0.4, 0.0) if fault == "too_fast" else (1.5, 0.5)
        up: Pose = {f"thigh.{leg}": 45.0, f"shank.{leg}": -20.0}
        if fault == "pelvis_rocking":
            up["trunk"] = 172.0
        tl.mark(f"rep{i + 1}").move(up, ramp).hold(hold)
        tl.move({f"thigh.{leg}": 0.0, f"shank.{leg}": 0.0, "trunk": 180.0}, ramp).hold(1.0)
    return tl, sides


def supine_knee_to_chest(faults: RepFaults) -> tuple[Timeline, list[str]]:
    """Both knees from a knees-bent start (hip flexion 45) to the chest (125), 5 s hold."""
    tl = Timeline(S.supine_knees_bent()).hold(1.5)
    for i, fault in enumerate(faults):
        ramp, hold = (0.8, 0.5) if fault == "too_fast" else (2.5, 5.0)
        up: Pose = {"thigh.left": 125.0, "thigh.right": 125.0, "shank.left": 20.0, "shank.right": 20.0}
        if fault == "lumbar_flattening":
            up["trunk"] = 170.0
        tl.mark(f"rep{i + 1}").move(up, ramp).hold(hold)
        tl.move(
            {"thigh.left": 45.0, "thigh.right": 45.0, "shank.left": -45.0, "shank.right": -45.0, "trunk": 180.0}, ramp
        ).hold(1.5)
    return tl, ["both"] * len(faults)


def dead_bug(faults: RepFaults) -> tuple[Timeline, list[str]]:
    """Alternating leg (and opposite arm) extensions from a 90/90 tabletop."""
    tl = Timeline(S.tabletop()).hold(1.5)
    sides = []
    for i, fault in enumerate(faults):
        side = _alternate(i)
        leg = side.value
        sides.append(leg)
        if fault == "knees_not_90":
            tl.move({f"shank.{leg}": -30.0}, 0.4).hold(0.8)
        out: Pose = {
            f"thigh.{leg}": 15.0,
            f"shank.{leg}": 15.0,
            f"arm.{side.other.value}": 170.0,
            f"fore.{side.other.value}": 170.0,
        }
        if fault == "back_lifting":
            out["trunk"] = 172.0
        if fault == "trunk_rotation":
            out["hip_depth"] = 60.0
        tl.mark(f"rep{i + 1}").move(out, 1.5).hold(0.5)
        base = {**S.tabletop(), "hip_depth": 0.0}
        tl.move({k: base[k] for k in out}, 1.5).hold(1.2)
    return tl, sides


def mountain_climber(faults: RepFaults) -> tuple[Timeline, list[str]]:
    """Alternating knee drives (thigh 190 -> 285 deg, hip flexion about 95) from a high plank."""
    base = S.plank()
    tl = Timeline(base).hold(1.5)
    sides = []
    for i, fault in enumerate(faults):
        leg = _alternate(i).value
        other = _alternate(i + 1).value
        sides.append(leg)
        if fault == "plank_lost":  # sits back out of the plank between drives
            tl.move({"trunk": 80.0}, 0.4).hold(0.6).move({"trunk": base["trunk"]}, 0.4).hold(0.8)
        drive: Pose = {f"thigh.{leg}": 250.0 if fault == "knee_short_of_chest" else 285.0, f"shank.{leg}": 190.0}
        if fault == "hips_piking":
            drive |= {"trunk": -15.0, f"thigh.{other}": 215.0, f"shank.{other}": 215.0}  # a 50-deg pike
        if fault == "hips_sagging":
            drive |= {"trunk": 18.0, f"thigh.{other}": 182.0, f"shank.{other}": 182.0}
        tl.mark(f"rep{i + 1}").move(drive, 0.6).hold(0.2)
        tl.move({k: base[k] for k in ("trunk", "thigh.left", "thigh.right", "shank.left", "shank.right")}, 0.6)
        tl.hold(0.8)
    return tl, sides


REP_SCENARIOS: dict[str, RepScenario] = {
    "seated-knee-raise": RepScenario(("slouching", "squirming", "lift_too_small", "short_hold"), seated_knee_raise),
    "hanging-knee-raise": RepScenario(("knees_below_hip", "swinging", "arching", "fast_lowering"), hanging_knee_raise),
    "hanging-leg-raise": RepScenario(
        ("below_parallel", "knees_bent", "no_hold", "swinging", "arching", "fast_lowering"), hanging_leg_raise
    ),
    "lying-leg-raise": RepScenario(
        ("back_arching", "knees_bent", "below_target", "uncontrolled_lowering"), lying_leg_raise
    ),
    "psoas-march": RepScenario(("pelvis_rocking", "too_fast"), psoas_march),
    "supine-knee-to-chest": RepScenario(("lumbar_flattening", "too_fast"), supine_knee_to_chest),
    "dead-bug": RepScenario(("back_lifting", "knees_not_90", "trunk_rotation"), dead_bug),
    "mountain-climber": RepScenario(
        ("knee_short_of_chest", "hips_piking", "hips_sagging", "plank_lost"), mountain_climber
    ),
}


# ---- hold builders ---------------------------------------------------------------------------
@dataclass(frozen=True)
class HoldSpec:
    """One hold: side (one-sided holds), length, and optionally a fault held ``fault_s`` from ``fault_at_s``."""

    seconds: float
    side: Side = Side.LEFT
    fault: str | None = None
    fault_at_s: float = 5.0
    fault_s: float = 3.0

    @property
    def expected_in_form_s(self) -> float:
        """Length minus the fault span."""
        return self.seconds - (self.fault_s if self.fault else 0.0)


@dataclass(frozen=True)
class HoldScenario:
    """Poses of one hold exercise: out of position, in good form, and each fault's changes."""

    out: Callable[[Side], Pose]
    good: Callable[[Side], Pose]
    faults: dict[str, Callable[[Side], Pose]]

    def build(self, holds: Sequence[HoldSpec]) -> Timeline:
        """Out of position 1.5 s, then each hold followed by 1.5 s out of position (plus 1.5 s to change sides)."""
        tl = Timeline(self.out(holds[0].side)).hold(1.5)
        side = holds[0].side
        for i, h in enumerate(holds):
            good = self.good(h.side)
            # changing sides takes a while (the legs swap places: faster looks like a label swap)
            tl.move(self.out(h.side), 1.5 if h.side != side else RAMP_S).hold(0.5)
            tl.move(good, RAMP_S).mark(f"hold{i + 1}")
            side = h.side
            if h.fault:
                bad = {**good, **self.faults[h.fault](h.side)}
                tl.hold(h.fault_at_s).move(bad, RAMP_S).hold(h.fault_s - RAMP_S).move(good, RAMP_S)
                tl.hold(h.seconds - h.fault_at_s - h.fault_s - RAMP_S)
            else:
                tl.hold(h.seconds)
            tl.move(self.out(h.side), RAMP_S).hold(1.5)
        return tl


def _kneel(side: Side, **kw: float) -> Pose:
    return S.half_kneeling(side, **kw)


def _plank_bend(bend: float) -> Pose:
    """Body line bent at the hip by ``bend`` deg: + pike, - sag."""
    p = S.plank(forearms=True)
    return {
        "trunk": p["trunk"] - bend / 2,
        **{k: p[k] + bend / 2 for k in ("thigh.left", "thigh.right", "shank.left", "shank.right")},
    }


def plank_pike(bend: float, *, forearms: bool = False) -> Pose:
    """A plank piked ``bend`` deg at the hip with the hands planted (the hips go up): a pike toe-touch."""
    good = S.plank(forearms=forearms)
    pose = {**good, **_plank_bend(bend)}
    pose["hy"] = good["hy"] + S.TORSO * (math.sin(math.radians(good["trunk"])) - math.sin(math.radians(pose["trunk"])))
    return pose


HOLD_SCENARIOS: dict[str, HoldScenario] = {
    "plank": HoldScenario(
        out=lambda s: {**S.plank(forearms=True), "trunk": 75.0},  # up on the hands and knees
        good=lambda s: S.plank(forearms=True),
        faults={"hip_sag": lambda s: _plank_bend(-18.0), "hip_pike": lambda s: _plank_bend(40.0)},
    ),
    "l-sit": HoldScenario(
        out=lambda s: {**S.hanging(), "arm.left": -90.0, "fore.left": -90.0, "arm.right": -90.0, "fore.right": -90.0},
        good=lambda s: {
            **S.hanging(),
            "arm.left": -90.0,
            "fore.left": -90.0,
            "arm.right": -90.0,
            "fore.right": -90.0,
            "thigh.left": 0.0,
            "thigh.right": 0.0,
            "shank.left": 0.0,
            "shank.right": 0.0,
        },
        faults={
            "legs_below_parallel": lambda s: {
                "thigh.left": -22.0,
                "thigh.right": -22.0,
                "shank.left": -22.0,
                "shank.right": -22.0,
            },
            "knees_bent": lambda s: {
                "thigh.left": 30.0,
                "thigh.right": 30.0,
                "shank.left": -40.0,
                "shank.right": -40.0,
            },
        },  # a tuck L-sit
    ),
    "kneeling-hip-flexor-stretch": HoldScenario(
        out=lambda s: {**_kneel(s, back_thigh=235.0), "trunk": 30.0},
        good=lambda s: _kneel(s, back_thigh=235.0),
        faults={
            "lumbar_arching": lambda s: {"trunk": 105.0},
            "trunk_forward": lambda s: {"trunk": 70.0},
            "no_hip_extension": lambda s: {f"thigh.{s.value}": 295.0},
        },
    ),
    "couch-stretch": HoldScenario(
        out=lambda s: _kneel(s, back_thigh=250.0, back_shank=180.0),
        good=lambda s: _kneel(s, back_thigh=250.0, back_shank=90.0),
        faults={"lumbar_arching": lambda s: {"trunk": 105.0}, "trunk_forward": lambda s: {"trunk": 70.0}},
    ),
    "hip-flexor-test": HoldScenario(
        out=lambda s: S.standing(),
        good=lambda s: S.one_leg_stand(s, thigh=8.0),
        faults={
            "knee_below_hip": lambda s: {f"thigh.{s.value}": -15.0},
            "leaning_back": lambda s: {"trunk": 102.0},
            "trunk_compensation": lambda s: {"trunk": 72.0},
        },
    ),
}
