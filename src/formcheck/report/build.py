"""Build the report (:class:`~formcheck.report.model.Report`) of an analysis outcome; write and read it safely.

The JSON contract, ``Report.to_json()`` (every key always present; live sessions add
``live``, their statistics, and on the last set ``previous_sets``, the reports of the earlier sets)::

    {"schema": "formcheck.report/1", "formcheck": str, "exercise": str, "title": str,
     "status": "complete" | "truncated" | "interrupted" | "source_lost",
     "source": {"path", "fps", "frames", "duration_s", "image_size"},
     "input": {"kind": "video" | "landmarks" | "camera", "path", "model",
               "network": "isolated" | "reachable (why)"  (video and camera runs: see formcheck.privacy),
               "pose_every": int, "pose_fps": float  (video runs: poses estimated on every n-th frame,
               so many a second; see formcheck.pose.rate)},
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
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from formcheck import __version__
from formcheck.analysis.results import HoldRecord, RepRecord
from formcheck.core.types import SourceInfo
from formcheck.pipeline import RunOutcome
from formcheck.privacy import network_state
from formcheck.report.atomic import plain_permissions
from formcheck.report.model import Report
from formcheck.report.parts import InputInfo, ReportFault, ReportHold, ReportRep, ViewInfo


def _num(v: float | None, nd: int = 3) -> float | None:
    return None if v is None or not math.isfinite(v) else round(float(v), nd)


def reported_rep(rep: RepRecord) -> ReportRep:
    """The report's rep: times to the millisecond, metrics to 2 decimals, NaN as None."""
    return ReportRep(
        rep.number,
        rep.side,
        _num(rep.start_s),
        _num(rep.top_s),
        _num(rep.end_s),
        {k: _num(v, 2) for k, v in rep.metrics.items()},
        tuple(rep.faults),
    )


def reported_hold(hold: HoldRecord) -> ReportHold:
    """The report's hold: seconds to the millisecond, NaN as None."""
    return ReportHold(
        _num(hold.start_s),
        _num(hold.end_s),
        _num(hold.duration_s),
        _num(hold.in_form_s),
        hold.side,
        hold.rep,
        hold.target_s,
    )


def build_report(outcome: RunOutcome, *, input_kind: str, input_path: str, model: str | None) -> Report:
    """The report of ``outcome`` (see the module docstring for the contract)."""
    r = outcome.result
    network = network_state() if input_kind in ("video", "camera") else None
    return Report(
        formcheck=__version__,
        exercise=r.exercise,
        title=r.title,
        status=outcome.status.value,
        source=SourceInfo.from_json(outcome.source.to_json()),  # as the JSON has it (duration to the ms)
        input=_input_info(outcome, input_kind, input_path, model, network),
        view=ViewInfo(r.expected_view, r.view),
        side=r.side_mode,
        reps_by_side=dict(r.summary.get("reps_by_side", {})),
        reps=tuple(reported_rep(rep) for rep in r.reps),
        holds=tuple(reported_hold(h) for h in r.holds),
        faults=tuple(ReportFault.of(f) for f in r.faults),
        warnings=(*outcome.notes, *r.warnings),
        summary=dict(r.summary),
        config=dict(r.config),
        frames={k: list(v) for k, v in r.series.items()},
        measurement_kinds=measurement_kinds(r.series.keys()),
        display=r.display,
    )


def _input_info(
    outcome: RunOutcome, input_kind: str, input_path: str, model: str | None, network: str | None
) -> InputInfo:
    """The report's ``input``; a video run also says at what rate its poses were estimated."""
    if input_kind != "video":
        return InputInfo(input_kind, input_path, model, network)
    rate = round(outcome.source.fps / outcome.pose_every, 3)
    return InputInfo(input_kind, input_path, model, network, outcome.pose_every, rate)


def measurement_kinds(keys: Iterable[str]) -> dict[str, str]:
    """What each lower-back/pelvis value in ``keys`` is: ``contour`` (segmentation mask) or ``landmark proxy``.

    Per-rep aggregates (``max_<key>``) take the kind of their frame value; confidences are in
    ``contour_confidence`` / ``proxy_confidence``.
    """
    from formcheck.analysis.measure.table import kinds

    return kinds(keys)


def write_json_atomic(path: Path, document: Mapping[str, Any]) -> None:
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


def load_report(path: Path) -> Report:
    """Read a saved report; raises ValueError when it is not JSON or not a formcheck report (saying what is wrong)."""
    with open(path, encoding="utf-8") as fh:
        return Report.from_json(json.load(fh))
