"""Build the ``formcheck.report/1`` JSON document from an analysis outcome, and write it safely.

Contract (every key always present)::

    {"schema": "formcheck.report/1", "formcheck": str, "exercise": str, "title": str,
     "status": "complete" | "truncated" | "interrupted" | "source_lost",
     "source": {"path", "fps", "frames", "duration_s", "image_size"},
     "input": {"kind": "video" | "landmarks" | "camera", "path", "model",
               "network": "isolated" | "reachable (why)"  (video and camera runs: see formcheck.privacy)},
     "view": {"expected", "detected"}, "side": "auto" | "left" | "right",
     "rep_count": int, "reps_by_side": {side: int},
     "reps": [{"number", "side", "start_s", "top_s", "end_s", <metric>_deg/_s/_ratio..., "faults": [code]}],
     "holds": [{"start_s", "end_s", "duration_s", "in_form_s", "side", "rep", "target_s"}],
     "faults": [{"code", "severity", "message", "rep", "start_s", "end_s", "measured", "limit", "unit"}],
     "warnings": [str], "summary": {...}, "config": {threshold: value},
     "frames": {"t": [s], <metric>: [value or null]},
     "measurement_kinds": {<lower-back/pelvis metric>: "contour" | "landmark proxy"}}

Everything but ``input`` and ``formcheck`` depends only on the landmarks, so replaying a
recording reproduces the video run's report.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from formcheck import __version__
from formcheck.analysis.base import HoldRecord, RepRecord
from formcheck.analysis.registry import get as get_analyzer
from formcheck.pipeline import RunOutcome
from formcheck.report.atomic import plain_permissions

SCHEMA = "formcheck.report/1"


def _num(v: float | None, nd: int = 3) -> float | None:
    return None if v is None or not math.isfinite(v) else round(float(v), nd)


def rep_to_json(rep: RepRecord) -> dict[str, Any]:
    """The report's rep object."""
    d: dict[str, Any] = {
        "number": rep.number, "side": rep.side,
        "start_s": _num(rep.start_s), "top_s": _num(rep.top_s), "end_s": _num(rep.end_s),
    }
    d.update({k: _num(v, 2) for k, v in rep.metrics.items()})
    d["faults"] = list(rep.faults)
    return d


def hold_to_json(hold: HoldRecord) -> dict[str, Any]:
    """The report's hold object."""
    return {
        "start_s": _num(hold.start_s), "end_s": _num(hold.end_s), "duration_s": _num(hold.duration_s),
        "in_form_s": _num(hold.in_form_s), "side": hold.side, "rep": hold.rep, "target_s": hold.target_s,
    }


def build_report(outcome: RunOutcome, *, input_kind: str, input_path: str, model: str | None) -> dict[str, Any]:
    """The report document for ``outcome`` (see the module docstring for the contract)."""
    r = outcome.result
    cls = get_analyzer(r.exercise)
    warnings = list(outcome.notes) + list(r.warnings)
    return {
        "schema": SCHEMA,
        "formcheck": __version__,
        "exercise": r.exercise,
        "title": cls.title,
        "status": outcome.status.value,
        "source": outcome.source.to_json(),
        "input": {"kind": input_kind, "path": input_path, "model": model,
                  **({"network": os.environ.get("FORMCHECK_NETWORK", "reachable (not isolated)")}
                     if input_kind in ("video", "camera") else {})},
        "view": {"expected": cls.view, "detected": r.view},
        "side": r.side_mode,
        "rep_count": len(r.reps),
        "reps_by_side": dict(r.summary.get("reps_by_side", {})),
        "reps": [rep_to_json(rep) for rep in r.reps],
        "holds": [hold_to_json(h) for h in r.holds],
        "faults": [f.to_json() for f in r.faults],
        "warnings": warnings,
        "summary": dict(r.summary),
        "config": dict(r.config),
        "frames": {k: list(v) for k, v in r.series.items()},
        "measurement_kinds": measurement_kinds(r.series.keys()),
    }


def measurement_kinds(keys: Iterable[str]) -> dict[str, str]:
    """What each lower-back/pelvis value in ``keys`` is: ``contour`` (segmentation mask) or ``landmark proxy``.

    Per-rep aggregates (``max_<key>``) take the kind of their frame value; confidences are in
    ``contour_confidence`` / ``proxy_confidence``.
    """
    from formcheck.analysis.lumbopelvic import KINDS

    return {k: KINDS[k] for k in keys if k in KINDS}


def write_json_atomic(path: Path, document: dict[str, Any]) -> None:
    """Write JSON so that ``path`` holds either the old file or the whole new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    plain_permissions(Path(tmp))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(document, fh, indent=1, allow_nan=False)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_report(path: Path) -> dict[str, Any]:
    """Read a saved report; raises ValueError when it is not a formcheck report."""
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise ValueError(f"{path}: not a formcheck report (expected schema {SCHEMA!r})")
    return doc
