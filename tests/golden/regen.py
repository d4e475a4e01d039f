"""Write the golden reports: every committed recording through its analyzer, the JSON report stored.

    python tests/golden/regen.py      # after a change whose differences are understood and explained

The reports come from replays (no model), with the input path made relative so they do not
depend on where the checkout lives.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from formcheck.application import analyse  # noqa: E402
from formcheck.evaluation import load_labels  # noqa: E402

SAMPLES = {
    "sample__bent_leg_raises": (ROOT / "sample_videos" / "bent_leg_raises.landmarks.jsonl.gz", "standing-knee-raise"),
    "sample__high_knees": (ROOT / "sample_videos" / "high_knees.landmarks.jsonl.gz", "high-knees"),
    "sample__plank": (ROOT / "sample_videos" / "plank.landmarks.jsonl.gz", "plank"),
}


def cases() -> dict[str, tuple[Path, str]]:
    """Name -> (recording, exercise) for every golden report."""
    out = dict(SAMPLES)
    data = ROOT / "tests" / "data" / "eval"
    for label in load_labels(data / "ground_truth.json"):
        out[label.key] = (data / f"{label.key}.landmarks.jsonl.gz", label.exercise)
    return out


def report(path: Path, exercise: str) -> dict[str, object]:
    """The replayed report, with machine-specific paths removed."""
    doc = analyse(path, exercise).report.to_json()
    doc["input"]["path"] = path.relative_to(ROOT).as_posix()
    doc.pop("formcheck", None)
    return json.loads(json.dumps(doc))


def main() -> None:
    for name, (path, exercise) in cases().items():
        (HERE / f"{name}.report.json").write_text(json.dumps(report(path, exercise), indent=1, sort_keys=True) + "\n")
        print(name)


if __name__ == "__main__":
    main()
