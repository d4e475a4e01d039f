"""Two people side by side: each analysed in turn must count as their half cropped out and analysed alone.

    .venv/bin/python bench/two_person.py [--jobs N]

Builds, from the shared clips, the first 500 frames of ``wahoo/bent_leg_raises.mp4`` (left)
and ``wahoo/high_knees.mp4`` (right), each scaled to 640x360, side by side (1280x360,
23.976 fps, MJPG so every copy holds the same pixels), and each half cropped out of that
picture. Then `formcheck analyze` runs on the pair with ``--person left`` / ``right`` /
``auto`` and on each half alone, and prints the counts and whom the run followed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CLIPS = ROOT.parent / "shared" / "eval" / "clips" / "wahoo"
FORMCHECK = Path(sys.executable).parent / "formcheck"
FPS = 24000 / 1001


def build(folder: Path, frames: int = 500) -> dict[str, Path]:
    """The side-by-side clip and its two halves, as MJPG AVI files in ``folder``."""
    caps = [cv2.VideoCapture(str(CLIPS / "bent_leg_raises.mp4")), cv2.VideoCapture(str(CLIPS / "high_knees.mp4"))]
    paths = {name: folder / f"{name}.avi" for name in ("pair", "left", "right")}
    size = {"pair": (1280, 360), "left": (640, 360), "right": (640, 360)}
    writers = {n: cv2.VideoWriter(str(p), cv2.VideoWriter.fourcc(*"MJPG"), FPS, size[n]) for n, p in paths.items()}
    for _ in range(frames):
        halves = []
        for cap in caps:
            ok, image = cap.read()
            if not ok:
                break
            halves.append(cv2.resize(image, (640, 360), interpolation=cv2.INTER_AREA))
        if len(halves) < 2:
            break
        pair = np.hstack(halves)
        writers["pair"].write(pair)
        writers["left"].write(pair[:, :640])
        writers["right"].write(pair[:, 640:])
    for writer in writers.values():
        writer.release()
    return paths


def analyse(video: Path, exercise: str, out: Path, extra: list[str]) -> dict[str, object]:
    cmd = [
        str(FORMCHECK),
        "analyze",
        str(video),
        "-e",
        exercise,
        "--no-log",
        "--no-progress",
        "--json",
        str(out),
        *extra,
    ]
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr[-1500:]}")
    doc: dict[str, object] = json.loads(out.read_text())
    return doc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="", help="passed to formcheck analyze (default: its own)")
    args = parser.parse_args()
    if not CLIPS.is_dir():
        print(f"{CLIPS}: the shared clips are not on this machine", file=sys.stderr)
        return 1
    jobs = ["--jobs", args.jobs] if args.jobs else []
    with tempfile.TemporaryDirectory() as tmp:
        paths = build(Path(tmp))
        rows = []
        for who, exercise in (("left", "standing-knee-raise"), ("right", "high-knees")):
            alone = analyse(paths[who], exercise, Path(tmp) / f"{who}.json", jobs)
            pair = analyse(paths["pair"], exercise, Path(tmp) / f"pair_{who}.json", ["--person", who, *jobs])
            said = next((w for w in pair["warnings"] if "followed" in w), "")  # type: ignore[attr-defined]
            rows.append((who, exercise, alone["rep_count"], pair["rep_count"], said))
        auto = analyse(paths["pair"], "standing-knee-raise", Path(tmp) / "auto.json", jobs)
    print(f"{'person':7} {'exercise':20} {'alone':>6} {'in pair':>8}  followed")
    for who, exercise, alone_n, pair_n, said in rows:
        print(f"{who:7} {exercise:20} {alone_n:>6} {pair_n:>8}  {said}")
    said = next((w for w in auto["warnings"] if "followed" in w), "")  # type: ignore[attr-defined]
    print(f"--person auto (standing-knee-raise): {auto['rep_count']} reps; {said}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
