"""`formcheck batch` over every shared clip: --jobs 2 against --jobs 1, same reports, and a resume.

    .venv/bin/python bench/bench_batch.py [CLIPS_FOLDER] [--jobs 2] [--skip-resume]

Both runs are whole `formcheck batch` processes on the same files (the videos of
``../shared/eval/ground_truth.json`` that name an exercise, each analysed as that exercise
through an exercise map), timed from start to exit, the ``--jobs 1`` run first. Printed: the
wall times, the throughput ratio, and whether every report is identical (the ``input`` block
aside). Then the resume check: a ``--jobs 2`` batch is killed (SIGKILL) once a few reports
exist and started again; it must finish without redoing any finished file (ledger lines).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT.parent / "shared" / "eval" / "ground_truth.json"
FORMCHECK = Path(sys.executable).parent / "formcheck"


def clips_and_map(labels: Path, folder: Path) -> tuple[list[str], Path]:
    """The labelled videos and an exercise map for them (written into ``folder``)."""
    sys.path.insert(0, str(ROOT / "src"))
    from formcheck.evaluation import load_labels

    found = [(labels.parent / lb.file, lb.exercise) for lb in load_labels(labels)]
    found = [(p, e) for p, e in found if p.exists()]
    mapping = folder / "map.txt"
    mapping.write_text("".join(f"{p.as_posix()} {e}\n" for p, e in found), encoding="utf-8")
    return [str(p) for p, _ in found], mapping


def batch(files: list[str], mapping: Path, out: Path, jobs: int) -> list[str]:
    return [
        str(FORMCHECK),
        "batch",
        *files,
        "--map",
        str(mapping),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--no-progress",
    ]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 3):
        raise SystemExit(f"batch exited {done.returncode}:\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def reports(folder: Path) -> dict[str, dict[str, object]]:
    out = {}
    for path in sorted(folder.glob("*.report.json")):
        doc = json.loads(path.read_text())
        doc.pop("input", None)
        out[path.name] = doc
    return out


def resume(files: list[str], mapping: Path, out: Path, jobs: int) -> str:
    """Kill a batch once a third of the reports exist, run it again; what the ledger says."""
    proc = subprocess.Popen(batch(files, mapping, out, jobs), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while len(list(out.glob("*.report.json"))) < max(2, len(files) // 3) and proc.poll() is None:
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    ledger = out / "batch-ledger.jsonl"
    before = len(ledger.read_text().splitlines())
    timed(batch(files, mapping, out, jobs))
    keys = [json.loads(line)["key"] for line in ledger.read_text().splitlines()]
    redone = len(keys) - len(set(keys))
    return (
        f"killed with {before} of {len(files)} finished; the restart finished the other {len(keys) - before}, "
        f"redid {redone}; {len(set(keys))} of {len(files)} in the ledger"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-resume", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files, mapping = clips_and_map(args.labels, folder)
        one = timed(batch(files, mapping, folder / "one", 1))
        many = timed(batch(files, mapping, folder / "many", args.jobs))
        same = reports(folder / "one") == reports(folder / "many")
        print(f"{len(files)} clips, {os.cpu_count()} cores, whole `formcheck batch` processes")
        print(f"--jobs 1: {one:7.1f} s")
        print(f"--jobs {args.jobs}: {many:7.1f} s   throughput ratio {one / many:.2f}")
        print(f"reports identical: {same} ({len(reports(folder / 'one'))} reports)")
        if not args.skip_resume:
            print("resume:", resume(files, mapping, folder / "resume", args.jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
