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

import bisect
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


def _d(angle_deg: float) -> tuple[float, float]:
    a = math.radians(angle_deg)
    return math.cos(a), math.sin(a)


_PARTS = ("ear", "shoulder", "elbow", "wrist", "pinky", "index", "thumb", "hip", "knee", "ankle", "foot_index", "heel")
_INDEX = {(side, part): int(side_lm(side, part)) for side in (Side.LEFT, Side.RIGHT) for part in _PARTS}
"""``side_lm`` once, not for every landmark of every frame."""
_EYES = [
    int(i)
    for i in (Lm.LEFT_EYE_INNER, Lm.LEFT_EYE, Lm.LEFT_EYE_OUTER, Lm.RIGHT_EYE_INNER, Lm.RIGHT_EYE, Lm.RIGHT_EYE_OUTER)
]


def render(pose: Mapping[str, float], *, depth_px: float = DEPTH_PX) -> np.ndarray:
    """``(33, 2)`` landmark positions, y-up world pixels, for one pose (canonical facing +x).

    ``depth_px``: horizontal offset of the left landmarks (right ones get minus that); about
    a third of the torso length or more makes the figure look filmed from the front.
    Plain float arithmetic, in the same order as element-wise numpy: the same bits, faster.
    """
    xy = np.zeros((33, 2))
    hx, hy = pose["hx"], pose["hy"]
    trunk = pose["trunk"]
    tc, ts = _d(trunk)
    fc, fs = _d(trunk - 90.0)
    sx, sy = hx + TORSO * tc, hy + TORSO * ts
    ex, ey = sx + NECK * tc, sy + NECK * ts
    xy[Lm.NOSE] = (ex + 18.0 * fc + 4.0 * tc, ey + 18.0 * fs + 4.0 * ts)
    xy[_EYES] = (ex + 12.0 * fc + 10.0 * tc, ey + 12.0 * fs + 10.0 * ts)
    xy[Lm.MOUTH_LEFT] = xy[Lm.MOUTH_RIGHT] = (ex + 14.0 * fc - 8.0 * tc, ey + 14.0 * fs - 8.0 * ts)
    hip_depth = pose.get("hip_depth", 0.0)
    dc, ds = _d(trunk + 90.0)
    for side, sgn in ((Side.LEFT, 1.0), (Side.RIGHT, -1.0)):
        s = side.value
        at = {part: _INDEX[side, part] for part in _PARTS}
        off = sgn * depth_px
        xy[at["ear"]] = (ex + off, ey + 0.0)
        shx, shy = sx + off, sy + 0.0
        xy[at["shoulder"]] = (shx, shy)
        ac, as_ = _d(pose[f"arm.{s}"])
        elx, ely = shx + UPPER_ARM * ac, shy + UPPER_ARM * as_
        oc, os_ = _d(pose[f"fore.{s}"])
        wrx, wry = elx + FOREARM * oc, ely + FOREARM * os_
        xy[at["elbow"]], xy[at["wrist"]] = (elx, ely), (wrx, wry)
        for part in ("pinky", "index", "thumb"):
            xy[at[part]] = (wrx + 12.0 * oc, wry + 12.0 * os_)
        k = sgn * hip_depth
        h = (hx + off + k * dc / 2.0, hy + 0.0 + k * ds / 2.0)
        xy[at["hip"]] = h
        qc, qs = _d(pose[f"thigh.{s}"])
        knee = (h[0] + THIGH * qc, h[1] + THIGH * qs)
        shank_dir = pose[f"shank.{s}"]
        nc, ns = _d(shank_dir)
        ankle = (knee[0] + SHANK * nc, knee[1] + SHANK * ns)
        xy[at["knee"]], xy[at["ankle"]] = knee, ankle
        pc, ps = _d(shank_dir + 90.0)
        xy[at["foot_index"]] = (ankle[0] + FOOT * pc, ankle[1] + FOOT * ps)
        xy[at["heel"]] = (ankle[0] + 8.0 * nc - 8.0 * pc, ankle[1] + 8.0 * ns - 8.0 * ps)
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
        return self._at(t, [k[0] for k in self.keys])

    def _at(self, t: float, times: list[float]) -> Pose:
        i = bisect.bisect_right(times, t)
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
        spans = [
            (a, b, [int(lm) for lm in Lm if lm.name.lower().startswith(prefix)])
            for prefix, (a, b) in (hidden or {}).items()
        ]
        times = [k[0] for k in self.keys]
        out = []
        for i in range(n):
            t = i / fps
            world = render(self._at(t, times), depth_px=depth_px)
            xy = np.empty((33, 2))
            xy[:, 0] = w - world[:, 0] if facing < 0 else world[:, 0]
            xy[:, 1] = h - world[:, 1]
            noise = rng.normal(0.0, noise_px, xy.shape)
            world3 = _world(world, facing, noise) if with_world else None
            vis = _VISIBILITY.copy()
            for a, b, hidden_landmarks in spans:
                if a <= t <= b:
                    vis[hidden_landmarks] = 0.05
            out.append(PoseFrame(index=i, t=t, xy=xy + noise, visibility=vis, image_size=image_size, world=world3))
        return out


_DEPTH_M = np.array(
    [
        -HALF_WIDTH_M if lm.name.startswith("LEFT_") else HALF_WIDTH_M if lm.name.startswith("RIGHT_") else 0.0
        for lm in Lm
    ]
)
"""World z of each landmark: the left side near the camera, the right side far."""
_VISIBILITY = np.full(33, 0.98)
_VISIBILITY[[int(side_lm(Side.RIGHT, p)) for p in ("shoulder", "hip", "knee", "ankle")]] = 0.9


def _world(y_up_px: np.ndarray, facing: int, noise_px: np.ndarray) -> np.ndarray:
    """``(33, 3)`` world metres (origin between the hips, y down) for a rendered y-up pixel pose, plus the noise."""
    hips = (y_up_px[int(Lm.LEFT_HIP)] + y_up_px[int(Lm.RIGHT_HIP)]) / 2.0
    rel = (y_up_px - hips) / PX_PER_M
    world = np.empty((33, 3))
    world[:, 0] = rel[:, 0] * (1.0 if facing >= 0 else -1.0) + noise_px[:, 0] / PX_PER_M
    world[:, 1] = -rel[:, 1] + noise_px[:, 1] / PX_PER_M
    world[:, 2] = _DEPTH_M + 0.0
    return world
