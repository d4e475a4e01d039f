"""One uploaded video analysed in its own process, with no network: ``python -m formcheck.web.analysis_worker JOB``.

The app's server needs the loopback interface (the browser talks to it), so it cannot move into
an empty network namespace as the ``formcheck`` command does (:mod:`formcheck.privacy`). Pose
estimation therefore never runs in the server: each upload is analysed by this process, which
isolates itself before it imports anything (MediaPipe's usage metrics cannot leave), dies with
the server (no orphan after ``kill -9``), and speaks to the server on stdout only, one JSON
object per line:

- ``{"type": "progress", "done": N, "total": M}`` (frames; M is 0 when unknown);
- ``{"type": "finished", ...}``: the outcome, also written to ``outcome.json`` in the job's results folder.

What it writes (the results folder of the job): ``report.json``, ``report.html``, ``report.csv``,
``annotated.mp4`` (videos), ``set2.report.json``... for further sets of a workout, ``outcome.json``,
and the batch ledger line that marks the job finished; each session goes to the training log under
the job's person.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # nothing heavy is imported before the network is isolated
    from formcheck.application import Analysis
    from formcheck.runner import Progress
    from formcheck.web.jobs import Job


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Run one job; the exit code is 0 whenever an outcome was written (the analysis may still have failed)."""
    from formcheck import privacy

    why = privacy.isolate_network()  # first: before numpy, cv2 or mediapipe start threads
    privacy._record("isolated" if why is None and privacy.only_loopback() else f"reachable ({why})")
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) not in (1, 2) or (len(args) == 2 and not args[1].isdigit()):
        sys.stderr.write("usage: python -m formcheck.web.analysis_worker JOB.json [PROCESSES]\n")
        return 2
    processes = int(args[1]) if len(args) == 2 else 1
    from formcheck.workers import die_with_parent

    die_with_parent(os.getppid())
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from pathlib import Path

    from formcheck.web.jobs import Job

    job = Job.read(Path(args[0]))
    outcome = run(job, processes)
    _say({"type": "finished", **outcome})
    return 0


def run(job: Job, processes: int = 1) -> dict[str, Any]:
    """Analyse ``job`` (a :class:`~formcheck.web.jobs.Job`) and write its outputs; the outcome (never raises).

    ``processes``: worker processes a long video's segments may be estimated in (the cores no other job uses).
    """
    import traceback

    from formcheck.errors import FormcheckError
    from formcheck.web.jobs import write_outcome

    started, last = time.perf_counter(), [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 0.25 or done == total:
            last[0] = now
            _say({"type": "progress", "done": done, "total": total})

    try:
        outcome = _analyse(job, progress, processes)
    except FormcheckError as exc:
        outcome = {"status": "failed", "error": str(exc)}
    except Exception as exc:  # a bug or a library failure: one sentence here, the traceback on stderr (the log)
        traceback.print_exc()
        outcome = {"status": "failed", "error": f"the analysis stopped with an internal error ({type(exc).__name__})"}
    if outcome.get("error"):  # the person knows the file by their name for it, not the app's
        outcome["error"] = str(outcome["error"]).replace(str(job.upload), job.name)
    outcome["seconds"] = round(time.perf_counter() - started, 1)
    write_outcome(job, outcome)
    return outcome


def _analyse(job: Job, progress: Progress, processes: int) -> dict[str, Any]:
    from formcheck.application import AnalysisOptions, analyse, log_session
    from formcheck.io import prefetch_for
    from formcheck.io.landmarks_io import is_recording
    from formcheck.pipeline import RunStatus
    from formcheck.report.outputs import OutputLog, OutputRequest, write_outputs

    folder = job.results
    folder.mkdir(parents=True, exist_ok=True)
    video = None if is_recording(job.upload) else folder / "annotated.mp4"
    options = AnalysisOptions(model=job.model, jobs=processes, prefetch=prefetch_for(processes))
    analysis = analyse(
        job.upload, job.exercise, options, annotate=video, thumbnails=video is not None, progress=progress
    )
    if not analysis.outcome.result.frames_with_person:
        return {"status": "failed", "error": "no person was detected in the video; nothing to analyse."}
    log = OutputLog()
    sets = analysis.sets or (analysis,)
    files: list[dict[str, Any]] = []
    for number, analysed in enumerate(sets, start=1):
        one = _named(analysed, job.name)
        stem = "report" if number == 1 else f"set{number}.report"
        shown = video if number == 1 and video is not None and video.exists() else None
        request = OutputRequest(
            json=folder / f"{stem}.json", html=folder / f"{stem}.html", csv=folder / f"{stem}.csv", video=shown
        )
        write_outputs(one.report, request, log, thumbnails=one.thumbnails)
        logged = log_session(one.report, job.db, log, input_key=f"app:{job.id}:{number}", athlete=job.athlete)
        recognition = (one.report.summary or {}).get("recognition") or {}
        held = sum(h.in_form_s or 0.0 for h in one.report.own_holds())
        files.append(
            {
                "set": number, "stem": stem, "exercise": one.report.exercise, "title": one.report.title,
                "reps": one.report.rep_count, "hold_in_form_s": round(held, 1),
                "faults": len(one.report.faults), "recognition": recognition.get("level"),
                "confidence": recognition.get("confidence"), "session_id": logged.id if logged else None,
            }
        )  # fmt: skip
    complete = analysis.outcome.status is RunStatus.COMPLETE
    return {
        "status": "done" if complete else "partial",
        "error": "" if complete else "; ".join(analysis.outcome.notes),
        "sets": files,
        "video": video.name if video is not None and video.exists() else None,
        "problems": list(log.failed),
    }


def _named(analysis: Analysis, name: str) -> Analysis:
    """The analysis with its report's source called by the name the person gave the file (not the stored one)."""
    from dataclasses import replace

    report = analysis.report
    named = replace(report, source=replace(report.source, path=name), input=replace(report.input, path=name))
    return replace(analysis, report=named)


if __name__ == "__main__":
    raise SystemExit(main())
