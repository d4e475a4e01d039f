"""Seeded synthetic landmark sequences: a side-on stick figure with known motion.

Kinematics in pixels. A pose is a dict of *absolute* segment directions in degrees
(y-up, 0 = image right, 90 = up) plus the mid-hip position:

- ``hx``, ``hy``: mid-hip, pixels, y-up (``hy`` = height above the image bottom);
- ``trunk``: hip -> shoulder; ``thigh.left`` (hip -> knee), ``shank.left`` (knee -> ankle),
  same for ``.right``; ``arm.left`` (shoulder -> elbow), ``fore.left`` (elbow -> wrist);
- ``hip_depth``: extra hip-to-hip offset, pixels (pelvis rotating toward the camera).

The canonical figure faces +x when upright (front = trunk direction turned 90 deg
clockwise), so lying face-up means the head is on the left, a plank (face down) has the
head on the right. ``facing=-1`` mirrors the image. The far-side (right) limbs sit a few
pixels behind the near ones, as in a side view.

:class:`Timeline` builds a motion from keyframes (``hold``, ``move``) with cosine easing;
:meth:`Timeline.frames` samples it into :class:`PoseFrame` objects with seeded pixel noise.
Poses for each start position: :func:`standing`, :func:`seated`, :func:`hanging`,
:func:`supine`, :func:`plank`, :func:`half_kneeling`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from formcheck.core.landmarks import Lm, Side, side_lm
from formcheck.core.types import PoseFrame

IMAGE = (1280, 720)
TORSO, NECK, THIGH, SHANK, FOOT, UPPER_ARM, FOREARM = 150.0, 40.0, 130.0, 125.0, 28.0, 90.0, 80.0
DEPTH_PX = 4.0
"""Horizontal offset between near (left) and far (right) landmarks of a pair."""
PX_PER_M = 500.0
"""Scale of the figure: its 150-px torso is 0.3 m."""
HALF_WIDTH_M = 0.1
"""World depth of the left (near) and right (far) landmarks: -/+ this many metres from the midline."""

Pose = dict[str, float]


def _d(angle_deg: float) -> np.ndarray:
    a = math.radians(angle_deg)
    return np.array([math.cos(a), math.sin(a)])


def render(pose: Mapping[str, float], *, depth_px: float = DEPTH_PX) -> np.ndarray:
    """``(33, 2)`` landmark positions, y-up world pixels, for one pose (canonical facing +x).

    ``depth_px``: horizontal offset of the left landmarks (right ones get minus that); about
    a third of the torso length or more makes the figure look filmed from the front.
    """
    xy = np.zeros((33, 2))
    hip = np.array([pose["hx"], pose["hy"]])
    trunk = pose["trunk"]
    front = trunk - 90.0
    shoulder = hip + TORSO * _d(trunk)
    ear = shoulder + NECK * _d(trunk)
    nose = ear + 18.0 * _d(front) + 4.0 * _d(trunk)
    xy[Lm.NOSE] = nose
    for i in (Lm.LEFT_EYE_INNER, Lm.LEFT_EYE, Lm.LEFT_EYE_OUTER, Lm.RIGHT_EYE_INNER, Lm.RIGHT_EYE, Lm.RIGHT_EYE_OUTER):
        xy[i] = ear + 12.0 * _d(front) + 10.0 * _d(trunk)
    xy[Lm.MOUTH_LEFT] = xy[Lm.MOUTH_RIGHT] = ear + 14.0 * _d(front) - 8.0 * _d(trunk)
    hip_depth = pose.get("hip_depth", 0.0)
    for side, sgn in ((Side.LEFT, 1.0), (Side.RIGHT, -1.0)):
        s = side.value
        off = np.array([sgn * depth_px, 0.0])
        xy[side_lm(side, "ear")] = ear + off
        sh = shoulder + off
        xy[side_lm(side, "shoulder")] = sh
        elbow = sh + UPPER_ARM * _d(pose[f"arm.{s}"])
        wrist = elbow + FOREARM * _d(pose[f"fore.{s}"])
        xy[side_lm(side, "elbow")], xy[side_lm(side, "wrist")] = elbow, wrist
        for part in ("pinky", "index", "thumb"):
            xy[side_lm(side, part)] = wrist + 12.0 * _d(pose[f"fore.{s}"])
        h = hip + off + sgn * hip_depth * _d(trunk + 90.0) / 2.0
        xy[side_lm(side, "hip")] = h
        knee = h + THIGH * _d(pose[f"thigh.{s}"])
        shank_dir = pose[f"shank.{s}"]
        ankle = knee + SHANK * _d(shank_dir)
        xy[side_lm(side, "knee")], xy[side_lm(side, "ankle")] = knee, ankle
        xy[side_lm(side, "foot_index")] = ankle + FOOT * _d(shank_dir + 90.0)
        xy[side_lm(side, "heel")] = ankle + 8.0 * _d(shank_dir) - 8.0 * _d(shank_dir + 90.0)
    return xy


def _legs(thigh: float, shank: float, *, right_thigh: float | None = None, right_shank: float | None = None) -> Pose:
    return {
        "thigh.left": thigh,
        "shank.left": shank,
        "thigh.right": thigh if right_thigh is None else right_thigh,
        "shank.right": shank if right_shank is None else right_shank,
    }


def _arms(arm: float, fore: float) -> Pose:
    return {"arm.left": arm, "fore.left": fore, "arm.right": arm, "fore.right": fore}


def standing() -> Pose:
    """Standing tall, arms down."""
    return {"hx": 640.0, "hy": 330.0, "trunk": 90.0, **_legs(-90.0, -90.0), **_arms(-92.0, -85.0)}


def seated() -> Pose:
    """Sitting tall on a chair: thighs horizontal, shins vertical, hands on the thighs."""
    return {"hx": 600.0, "hy": 200.0, "trunk": 90.0, **_legs(0.0, -90.0), **_arms(-70.0, -10.0)}


def hanging() -> Pose:
    """Hanging from a bar, arms straight overhead, legs straight down."""
    return {"hx": 640.0, "hy": 330.0, "trunk": 90.0, **_legs(-90.0, -90.0), **_arms(90.0, 90.0)}


def supine() -> Pose:
    """Lying on the back, head left, legs straight, arms along the body."""
    return {"hx": 640.0, "hy": 80.0, "trunk": 180.0, **_legs(0.0, 0.0), **_arms(-2.0, -2.0)}


def supine_knees_bent() -> Pose:
    """Lying on the back, knees bent, feet flat."""
    return {**supine(), **_legs(45.0, -45.0)}


def tabletop() -> Pose:
    """Dead-bug start: lying on the back, hips and knees at 90 deg, arms pointing up."""
    return {**supine(), **_legs(90.0, 0.0), **_arms(90.0, 90.0)}


def plank(*, forearms: bool = False) -> Pose:
    """Plank, head right, body straight and sloping 10 deg; high plank unless ``forearms``."""
    body = 10.0
    arms = _arms(-90.0, 0.0) if forearms else _arms(-90.0, -90.0)
    hy = (UPPER_ARM if forearms else UPPER_ARM + FOREARM) + 90.0 - TORSO * math.sin(math.radians(body))
    return {"hx": 520.0, "hy": hy, "trunk": body, **_legs(180.0 + body, 180.0 + body), **arms}


def half_kneeling(back: Side = Side.LEFT, *, back_thigh: float = 250.0, back_shank: float = 180.0) -> Pose:
    """Half-kneeling, facing +x: front thigh horizontal, back knee on the floor under/behind the hip."""
    front = back.other
    pose = {"hx": 640.0, "hy": 220.0, "trunk": 90.0, **_arms(-95.0, -80.0)}
    pose[f"thigh.{front.value}"], pose[f"shank.{front.value}"] = 0.0, -90.0
    pose[f"thigh.{back.value}"], pose[f"shank.{back.value}"] = back_thigh, back_shank
    return pose


def one_leg_stand(lifted: Side = Side.LEFT, *, thigh: float = 5.0) -> Pose:
    """Standing on one leg, the other thigh raised to ``thigh`` deg, shin hanging."""
    pose = standing()
    pose[f"thigh.{lifted.value}"], pose[f"shank.{lifted.value}"] = thigh, -90.0
    return pose


def _ease(x: float) -> float:
    return 0.5 - 0.5 * math.cos(math.pi * min(max(x, 0.0), 1.0))


@dataclass
class Timeline:
    """Keyframed motion: ``(time_s, pose)`` points joined by eased transitions.

    ``marks`` records named time points (e.g. rep starts) for tests.
    """

    start: Pose
    keys: list[tuple[float, Pose]] = field(default_factory=list)
    marks: list[tuple[str, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.keys = [(0.0, dict(self.start))]

    @property
    def now(self) -> float:
        """Time of the last keyframe, seconds."""
        return self.keys[-1][0]

    @property
    def pose(self) -> Pose:
        """The last keyframe's pose."""
        return dict(self.keys[-1][1])

    def hold(self, seconds: float) -> Timeline:
        """Stay still."""
        self.keys.append((self.now + seconds, self.pose))
        return self

    def move(self, changes: Mapping[str, float], seconds: float) -> Timeline:
        """Ease from the current pose to the current pose updated with ``changes``."""
        self.keys.append((self.now + seconds, {**self.pose, **changes}))
        return self

    def mark(self, name: str) -> Timeline:
        """Remember the current time under ``name``."""
        self.marks.append((name, self.now))
        return self

    def at(self, t: float) -> Pose:
        """The pose at time ``t`` (clamped to the timeline)."""
        times = [k[0] for k in self.keys]
        i = int(np.searchsorted(times, t, side="right"))
        if i <= 0:
            return dict(self.keys[0][1])
        if i >= len(self.keys):
            return dict(self.keys[-1][1])
        (t0, p0), (t1, p1) = self.keys[i - 1], self.keys[i]
        k = _ease((t - t0) / (t1 - t0)) if t1 > t0 else 1.0
        return {name: p0[name] + k * (p1.get(name, p0[name]) - p0[name]) for name in p0}

    def frames(
        self,
        *,
        fps: float = 30.0,
        seed: int = 0,
        noise_px: float = 0.6,
        facing: int = 1,
        hidden: Mapping[str, tuple[float, float]] | None = None,
        image_size: tuple[int, int] = IMAGE,
        depth_px: float = DEPTH_PX,
        with_world: bool = True,
    ) -> list[PoseFrame]:
        """Sample the timeline into pose frames (image axes, y down) with seeded Gaussian noise.

        ``hidden`` maps a landmark-name prefix (``"left_knee"``, ``"right_"`` ...) to a time span in
        which those landmarks get visibility 0.05. ``with_world`` adds world landmarks as
        MediaPipe gives them (metres, origin between the hips, y down, z away from the
        camera: the left side near, the right side far), with the same noise scaled.
        """
        rng = np.random.default_rng(seed)
        w, h = image_size
        n = math.floor(self.now * fps) + 1
        out = []
        for i in range(n):
            t = i / fps
            world = render(self.at(t), depth_px=depth_px)
            xy = np.column_stack([world[:, 0], h - world[:, 1]])
            if facing < 0:
                xy[:, 0] = w - xy[:, 0]
            noise = rng.normal(0.0, noise_px, xy.shape)
            world3 = _world(world, facing) + np.column_stack([noise / PX_PER_M, np.zeros(33)]) if with_world else None
            xy = xy + noise
            vis = np.full(33, 0.98)
            vis[[int(side_lm(Side.RIGHT, p)) for p in ("shoulder", "hip", "knee", "ankle")]] = 0.9
            for prefix, (a, b) in (hidden or {}).items():
                if a <= t <= b:
                    for lm in Lm:
                        if lm.name.lower().startswith(prefix):
                            vis[int(lm)] = 0.05
            out.append(PoseFrame(index=i, t=t, xy=xy, visibility=vis, image_size=image_size, world=world3))
        return out


def _world(y_up_px: np.ndarray, facing: int) -> np.ndarray:
    """``(33, 3)`` world metres (origin between the hips, y down) for a rendered y-up pixel pose."""
    hips = (y_up_px[int(Lm.LEFT_HIP)] + y_up_px[int(Lm.RIGHT_HIP)]) / 2.0
    rel = (y_up_px - hips) / PX_PER_M
    x = rel[:, 0] * (1.0 if facing >= 0 else -1.0)
    z = np.zeros(33)
    for lm in Lm:
        name = lm.name.lower()
        if name.startswith("left_"):
            z[int(lm)] = -HALF_WIDTH_M
        elif name.startswith("right_"):
            z[int(lm)] = HALF_WIDTH_M
    return np.column_stack([x, -rel[:, 1], z])
