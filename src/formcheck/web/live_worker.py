"""The browser's camera analysed live, with no network: ``python -m formcheck.web.live_worker --exercise E ...``.

The app's server needs the loopback interface, so it cannot move into an empty network namespace
as the ``formcheck`` command does (:mod:`formcheck.privacy`); pose estimation runs here instead.
This process isolates itself before it imports numpy, OpenCV or MediaPipe, dies with the server
(no orphan after ``kill -9``), and runs the very session ``formcheck live`` runs
(:class:`~formcheck.live.session.LiveSession`: newest frame only, the step-down to a cheaper model
when it cannot keep up, the same reports and training log), with the browser's frames as the camera.

**stdin** (the server to this process), binary, one message after another: a 4-byte big-endian
length and that many bytes of a UTF-8 JSON header; a frame's header ``{"type": "frame", "seq": int,
"t_ms": float}`` (the browser's capture time, ms) is followed by a 4-byte big-endian length and the
JPEG bytes; ``{"type": "stop"}`` ends the set and the session. Closing stdin before the stop means
the browser went away: what was analysed is still reported, and the process ends with an error.

**stdout** (this process to the server): one JSON object per line and nothing else (every other
output of this process and its libraries goes to stderr):

- ``{"type": "ready", "model": ..., "network": "isolated"}`` once the model is loaded;
- ``{"type": "state", "seq", "t_ms", "landmarks": [[x, y, visibility] * 33] (x, y as fractions of
  the picture's width and height, null where unknown; [] when nobody is seen), "reps", "reps_by_side",
  "title", "exercise", "knee_above_hip" (true/false/null), "cue", "guidance", "phase", "hold_s"
  (s, null when no hold is timed), "in_view"}`` after each analysed frame;
- ``{"type": "note", "message"}`` when the session steps down to a cheaper model (it could not keep up);
- ``{"type": "done", "reps", "exercise", "report_json", "report_html", "session_ids", "live",
  "status", "notes", "problems"}`` at the end, exit 0;
- ``{"type": "error", "message": one sentence}`` when the session cannot start or ends badly
  (with the ``done`` fields too when a report was written), non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import struct
import sys
import threading
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, BinaryIO, NoReturn

if TYPE_CHECKING:  # nothing heavy before the network is isolated
    from formcheck.analysis.analyzer import SetAnalyzer
    from formcheck.analysis.results import FrameResult
    from formcheck.core.types import Frame, PoseFrame
    from formcheck.live.capture import Captured
    from formcheck.live.session import LiveOutcome
    from formcheck.pose.protocol import PoseEstimator, PoseSettings

LENGTH = struct.Struct(">I")
"""The length prefix of a header and of a JPEG: 4 bytes, big-endian."""
HEADER_MAX = 64 * 1024
"""Largest JSON header accepted (bytes)."""
JPEG_MAX = 32 * 1024 * 1024
"""Largest JPEG accepted (bytes)."""
STALL_S = 30.0
"""A browser that sends no frame for this long (s) has gone: the set ends and is reported."""
SOURCE_NAME = "browser camera"
STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
"""An output file stem: a plain file name, no folder."""
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_LOST, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
BROWSER_GONE = (
    "the browser stopped sending frames before the end of the set (the page was closed or lost its connection)"
)


class ProtocolError(ValueError):
    """The bytes on stdin do not follow the framing above."""


# --- framing (standard library only: the server imports this too) ----------------------------------


def encode_frame(seq: int, t_ms: float, jpeg: bytes) -> bytes:
    """One frame message: header length, ``{"type": "frame", "seq", "t_ms"}``, JPEG length, JPEG."""
    header = json.dumps({"type": "frame", "seq": int(seq), "t_ms": float(t_ms)}).encode()
    return b"".join((LENGTH.pack(len(header)), header, LENGTH.pack(len(jpeg)), jpeg))


def encode_stop() -> bytes:
    """The message that ends the set and the session."""
    header = json.dumps({"type": "stop"}).encode()
    return LENGTH.pack(len(header)) + header


def _read_exact(stream: BinaryIO, n: int, *, at_start: bool = False) -> bytes | None:
    """``n`` bytes; None at a clean end (``at_start``: before the first byte); ProtocolError when cut short."""
    chunks, got = [], 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            if at_start and got == 0:
                return None
            raise ProtocolError(f"the stream ended in the middle of a message ({got} of {n} bytes)")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_message(stream: BinaryIO) -> tuple[dict[str, Any], bytes] | None:
    """The next message: its header and the JPEG (``b""`` for a stop); None when the stream ended between messages.

    Raises ProtocolError on anything else (a length out of range, a header that is not the JSON above, a cut).
    """
    raw = _read_exact(stream, LENGTH.size, at_start=True)
    if raw is None:
        return None
    (size,) = LENGTH.unpack(raw)
    if not 0 < size <= HEADER_MAX:
        raise ProtocolError(f"a message header of {size} bytes (at most {HEADER_MAX})")
    try:
        header = json.loads(_read_exact(stream, size) or b"")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"a message header that is not JSON ({exc})") from None
    if not isinstance(header, dict):
        raise ProtocolError("a message header that is not a JSON object")
    kind = header.get("type", "frame")
    if kind == "stop":
        return header, b""
    if kind != "frame":
        raise ProtocolError(f"an unknown message type {kind!r}")
    seq, t_ms = header.get("seq"), header.get("t_ms")
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise ProtocolError("a frame header without an integer seq")
    if not isinstance(t_ms, int | float) or isinstance(t_ms, bool) or not math.isfinite(t_ms):
        raise ProtocolError("a frame header without a finite t_ms")
    (length,) = LENGTH.unpack(_read_exact(stream, LENGTH.size) or b"")
    if not 0 < length <= JPEG_MAX:
        raise ProtocolError(f"a frame of {length} bytes (at most {JPEG_MAX})")
    return {"type": "frame", "seq": seq, "t_ms": float(t_ms)}, _read_exact(stream, length) or b""


# --- stdout: JSON lines only --------------------------------------------------------------------------


class Messages:
    """Writes one JSON object per line to the server, from any thread; a server gone is not an error."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._lock = threading.Lock()
        self.closed = False

    def send(self, message: dict[str, Any]) -> None:
        """Write ``message`` as one line (a NaN or infinity written as null: JSON has none)."""
        try:
            text = json.dumps(message, allow_nan=False, separators=(",", ":"))
        except ValueError:
            text = json.dumps(_finite(message), allow_nan=False, separators=(",", ":"))
        line = text + "\n"
        with self._lock:
            if self.closed:
                return
            try:
                self._out.write(line)
                self._out.flush()
            except (BrokenPipeError, OSError, ValueError):
                self.closed = True


def _finite(value: Any) -> Any:
    """``value`` with every NaN or infinity (at any depth) replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def json_lines_stdout() -> Messages:
    """The real stdout kept for the messages; fd 1 (``print``, native libraries) pointed at stderr from now on."""
    sys.stdout.flush()
    private = os.dup(1)
    os.dup2(2, 1)
    return Messages(os.fdopen(private, "w", encoding="utf-8", buffering=1))


# --- the browser's frames as a camera -----------------------------------------------------------------


class PipeSource:
    """The browser's frames from ``stream`` as a camera.

    It has what :class:`~formcheck.live.session.LiveSession` and :class:`~formcheck.live.capture.FrameGrabber`
    use of a :class:`~formcheck.io.sources.CameraSource`.
    Timestamps are the browser's capture times (s) from the first frame, strictly increasing: a
    frame whose time does not increase is left out (counted in ``out_of_order``). Every frame is
    the size of the first (another size is scaled to it). ``on_stop`` runs when the stop message
    arrives, before :meth:`read` returns None for it.
    """

    is_file = False
    announced_frames = 0

    def __init__(
        self,
        stream: BinaryIO,
        *,
        fps: float = 30.0,
        decode: Callable[[bytes], Any] | None = None,
        on_stop: Callable[[], None] | None = None,
    ) -> None:
        self.stream = stream
        self.name = SOURCE_NAME
        self.fps = fps
        self.image_size = (0, 0)
        self.decode = decode if decode is not None else decode_jpeg
        self.on_stop = on_stop
        self.frames_read = 0
        self.out_of_order = 0
        self.undecodable = 0
        self.stopped = False
        """The stop message arrived."""
        self.eof = False
        """The stream ended without a stop (the browser went away)."""
        self.error = ""
        """Why the stream could not be read (a framing error), one phrase."""
        self._t0_ms: float | None = None
        self._last_t = -math.inf
        self._pending: Frame | None = None
        self._seqs: dict[int, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def first(self) -> bool:
        """Read up to the first usable frame (its size is the source's); False when the stream ended before one."""
        frame = self._next()
        self._pending = frame
        return frame is not None

    def read(self) -> Frame | None:
        """The next frame (the one :meth:`first` read, first), or None after the stop or the end of the stream."""
        if self._pending is not None:
            frame, self._pending = self._pending, None
            return frame
        return self._next()

    def _next(self) -> Frame | None:
        from formcheck.core.types import Frame

        while not (self.stopped or self.eof or self.error):
            try:
                message = read_message(self.stream)
            except ProtocolError as exc:
                self.error = str(exc)
                raise
            if message is None:
                self.eof = True
                break
            header, jpeg = message
            if header["type"] == "stop":
                self.stopped = True
                if self.on_stop is not None:
                    self.on_stop()
                break
            t_ms: float = header["t_ms"]
            if self._t0_ms is None:
                self._t0_ms = t_ms
            t = round((t_ms - self._t0_ms) / 1000.0, 6)
            if t <= self._last_t:
                self.out_of_order += 1
                continue
            image = self.decode(jpeg)
            if image is None:
                self.undecodable += 1
                continue
            image = self._sized(image)
            self._last_t = t
            frame = Frame(self.frames_read, t, image)
            with self._lock:
                self._seqs[frame.index] = (int(header["seq"]), t_ms)
            self.frames_read += 1
            return frame
        return None

    def _sized(self, image: Any) -> Any:
        """The picture at the source's size (the first frame's)."""
        height, width = image.shape[:2]
        if self.image_size == (0, 0):
            self.image_size = (int(width), int(height))
        elif (width, height) != self.image_size:
            import cv2

            image = cv2.resize(image, self.image_size, interpolation=cv2.INTER_AREA)
        return image

    def seq_of(self, index: int) -> tuple[int, float] | None:
        """The browser's ``(seq, t_ms)`` of frame ``index``; forgets it and every earlier frame (dropped ones)."""
        with self._lock:
            found = self._seqs.pop(index, None)
            for old in [i for i in self._seqs if i < index]:
                del self._seqs[old]
        return found

    def ended_early(self) -> bool:
        """A camera announces no frame count: never."""
        return False

    def close(self) -> None:
        """Nothing to release (stdin belongs to the process)."""


def decode_jpeg(data: bytes) -> Any:
    """A JPEG's picture as a BGR ``(H, W, 3)`` uint8 array; None when it is not a picture."""
    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    return None if image is None else np.ascontiguousarray(image, dtype=np.uint8)


# --- what the page draws --------------------------------------------------------------------------------


def exercise_of(analyzer: SetAnalyzer) -> str:
    """The exercise's name; with ``-e auto`` ``auto`` until it is recognised."""
    from formcheck.analysis.analyzer import ExerciseAnalyzer
    from formcheck.analysis.recognise.online import RecognisingAnalyzer

    if isinstance(analyzer, RecognisingAnalyzer):
        return analyzer.inner.name if analyzer.inner is not None else "auto"
    return analyzer.name if isinstance(analyzer, ExerciseAnalyzer) else "auto"


def landmarks_of(pose: PoseFrame) -> list[list[float | None]]:
    """``[x, y, visibility]`` per landmark, x and y as fractions of the picture's size (None where unknown)."""
    if not pose.detected:
        return []
    width, height = pose.image_size
    rows: list[list[float | None]] = []
    for (x, y), v in zip(pose.xy.tolist(), pose.visibility.tolist(), strict=True):
        known = math.isfinite(x) and math.isfinite(y)
        rows.append(
            [
                round(x / width, 4) if known else None,
                round(y / height, 4) if known else None,
                round(v, 3) if math.isfinite(v) else 0.0,
            ]
        )
    return rows


def state_message(
    seq: int, t_ms: float | None, pose: PoseFrame, result: FrameResult, cue: str, *, title: str, exercise: str
) -> dict[str, Any]:
    """The ``state`` message of one analysed frame (see the module docstring)."""
    hold = result.hold_s if math.isfinite(result.hold_s) and result.hold_s > 0 else None
    return {
        "type": "state",
        "seq": seq,
        "t_ms": t_ms,
        "landmarks": landmarks_of(pose),
        "reps": int(result.rep_count),
        "reps_by_side": {str(k): int(v) for k, v in result.reps_by_side.items()},
        "title": title,
        "exercise": exercise,
        "knee_above_hip": result.knee_above_hip,  # the active thigh at the knee-above-hip height; None: unmeasured
        "cue": cue,
        "guidance": result.guidance,
        "phase": result.phase,
        "hold_s": round(hold, 2) if hold is not None else None,
        "in_view": bool(result.in_view),
    }


# --- the process -------------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """Argument errors as a clear sentence for the server, not a usage text."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


class UsageError(Exception):
    """The arguments are not usable."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The worker's arguments (raises UsageError naming what is wrong)."""
    p = _Parser(prog="python -m formcheck.web.live_worker", add_help=False)
    p.add_argument("--exercise", required=True, help="an exercise name, or auto")
    p.add_argument("--side", default="auto", choices=["auto", "left", "right"])
    p.add_argument("--model", default="full", choices=["lite", "full", "heavy"])
    p.add_argument("--athlete", default="me")
    p.add_argument("--db", default=None, help="training log (default: the user's)")
    p.add_argument("--no-log", action="store_true", help="add nothing to the training log")
    p.add_argument("--out", required=True, help="folder of the reports")
    p.add_argument("--stem", required=True, help="the reports' file name without extension")
    p.add_argument("--fps", type=float, default=30.0, help="the camera's frame rate (reports only)")
    p.add_argument("--parent", type=int, default=None, help="the server's process id")
    args = p.parse_args(argv)
    if not STEM.match(args.stem):
        raise UsageError(f"--stem {args.stem!r} is not a plain file name")
    if not (math.isfinite(args.fps) and 0 < args.fps <= 240):
        raise UsageError("--fps must be between 0 and 240")
    return args


def main(argv: list[str] | None = None) -> int:
    """Isolate, then run one session (see the module docstring); the exit code."""
    from formcheck import privacy

    privacy.prepare(["formcheck-live-worker", "live"])  # first: before numpy, cv2 or mediapipe start threads
    messages = json_lines_stdout()
    try:
        args = parse_args(list(sys.argv[1:] if argv is None else argv))
    except UsageError as exc:
        messages.send({"type": "error", "message": f"the live analysis was started wrongly: {exc}."})
        return EXIT_USAGE
    from formcheck.workers import die_with_parent

    die_with_parent(args.parent if args.parent is not None else os.getppid())
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from formcheck.cli import logs

    logs.configure(verbose=False, stderr=sys.stderr)  # tracebacks to the log file, never to stderr
    from formcheck.errors import FormcheckError

    try:
        return run(args, messages, sys.stdin.buffer)
    except FormcheckError as exc:
        messages.send({"type": "error", "message": _sentence(str(exc))})
        return EXIT_ERROR
    except KeyboardInterrupt:
        messages.send({"type": "error", "message": "the live analysis was stopped before the set began."})
        return EXIT_INTERRUPTED
    except Exception as exc:
        messages.send({"type": "error", "message": _sentence(logs.internal_error(exc))})
        return EXIT_ERROR
    finally:
        logs.close()


def _note(sentence: str) -> None:
    sys.stderr.write(f"note: {sentence}\n")


def _tell(messages: Messages, sentence: str) -> None:
    """A step down to a cheaper model: on stderr and to the page (``{"type": "note", "message"}``)."""
    _note(sentence)
    messages.send({"type": "note", "message": sentence})


def _warning(line: str) -> None:
    sys.stderr.write(f"warning: {line}\n")


def _sentence(text: str) -> str:
    text = " ".join(text.split()) or "the live analysis failed"
    return text if text.endswith((".", "!", "?")) else text + "."


def run(
    args: argparse.Namespace,
    messages: Messages,
    stdin: BinaryIO,
    *,
    open_pose: Callable[[PoseSettings], PoseEstimator] | None = None,
) -> int:
    """Load the model, run the session on ``stdin``'s frames, report it; the exit code.

    ``open_pose``: opens the estimator (default :func:`~formcheck.pose.protocol.open_estimator`; tests
    replay recorded poses).
    """
    from dataclasses import replace
    from typing import cast

    from formcheck.application import AnalysisOptions
    from formcheck.cli.live import _analyzers
    from formcheck.io.sources import CameraSource
    from formcheck.live.session import LiveOptions, LiveSession
    from formcheck.pose.protocol import PoseSettings, open_estimator
    from formcheck.privacy import network_state

    options = AnalysisOptions(side=args.side, model=args.model)
    make = _analyzers(args.exercise, options)  # the exercise checked before the model loads
    first = make(args.side)
    settings = PoseSettings(args.model, None, first.uses_mask)
    opener = open_pose if open_pose is not None else open_estimator
    with opener(settings) as estimator:
        messages.send({"type": "ready", "model": args.model, "network": network_state()})
        source = PipeSource(stdin, fps=args.fps)
        try:
            started = source.first()
        except ProtocolError as exc:
            messages.send({"type": "error", "message": _sentence(f"the frames could not be read: {exc}")})
            return EXIT_ERROR
        if not started:
            why = "the set was stopped" if source.stopped else "the browser went away"
            messages.send({"type": "error", "message": f"{why} before any frame arrived; nothing was analysed."})
            return EXIT_LOST
        session = LiveSession(
            cast(CameraSource, source),
            estimator,
            make,
            LiveOptions(
                title=first.title,
                side=args.side,
                realtime=False,
                drop_stale=True,
                stall_timeout_s=STALL_S,
                model=args.model,
            ),
            step_down=lambda level: opener(replace(settings, model=level.model, input_width=level.input_width)),
            say=lambda sentence: _tell(messages, sentence),
        )

        def observe(item: Captured, pose: PoseFrame, result: FrameResult, cue: str) -> None:
            found = source.seq_of(item.frame.index)
            seq, t_ms = found if found is not None else (-1, None)
            side = "" if session.side == "auto" else f" ({session.side} leg)"
            analyzer = session.analyzer
            messages.send(
                state_message(seq, t_ms, pose, result, cue, title=analyzer.title + side, exercise=exercise_of(analyzer))
            )

        session.on_frame = observe
        source.on_stop = lambda: session.stop(drain=True)
        from formcheck.cli.progress import sigterm_as_interrupt

        with sigterm_as_interrupt():
            outcome = session.run()
    return finish(outcome, source, session.model, args, messages)


def finish(outcome: LiveOutcome, source: PipeSource, model: str, args: argparse.Namespace, messages: Messages) -> int:
    """Write the reports and the training log like ``formcheck live`` does; the last message; the exit code."""
    from pathlib import Path

    from formcheck.application import live_session_reports, log_session
    from formcheck.pipeline import RunStatus
    from formcheck.report.outputs import OutputLog, OutputRequest, write_outputs

    live = outcome.stats.to_json()
    notes = [BROWSER_GONE if source.eof and "stopped delivering frames" in n else n for n in outcome.notes]
    if source.error:
        notes.append(f"the frames could not be read any further: {source.error}")
    if source.out_of_order or source.undecodable:
        notes.append(
            f"{source.out_of_order} frame(s) left out because their time did not increase, "
            f"{source.undecodable} because they were not a JPEG picture"
        )
    reports = live_session_reports(outcome.sets, live, outcome.status.value, notes, source.name, model)
    last = reports[-1]
    out = Path(args.out)
    log = OutputLog(warn=_warning)
    request = OutputRequest(json=out / f"{args.stem}.json", html=out / f"{args.stem}.html")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from formcheck.errors import describe_os_error

        log.fail(f"could not create the folder {out}: {describe_os_error(exc)}")
    else:
        write_outputs(last, request, log)
    session_ids: list[int] = []
    if not args.no_log:
        db = Path(args.db) if args.db else None
        for i, (report, analysed) in enumerate(zip(reports, outcome.sets, strict=True)):
            if analysed.result.frames_with_person:
                key = f"live:{out.resolve() / args.stem}:{i + 1}"  # one per session: never replaces another
                logged = log_session(report, db, log, input_key=key, athlete=args.athlete)
                if logged is not None:
                    session_ids.append(logged.id)
    written = {str(p) for p in log.written}
    done: dict[str, Any] = {
        "reps": last.rep_count,
        "exercise": last.exercise,
        "report_json": str(request.json) if str(request.json) in written else None,
        "report_html": str(request.html) if str(request.html) in written else None,
        "session_ids": session_ids,
        "live": {**live, "frames_out_of_order": source.out_of_order, "frames_undecodable": source.undecodable},
        "status": outcome.status.value,
        "notes": notes,
        "problems": list(log.failed),
    }
    if outcome.status is RunStatus.COMPLETE:
        messages.send({"type": "done", **done})
        return EXIT_OK
    if outcome.status is RunStatus.INTERRUPTED:
        why = "the live analysis was stopped by the server; what was analysed is reported"
        code = EXIT_INTERRUPTED
    else:
        why = (
            BROWSER_GONE
            if source.eof
            else (
                f"the frames could not be read: {source.error}" if source.error else (notes or ["the set broke off"])[0]
            )
        )
        code = EXIT_LOST
    messages.send({"type": "error", "message": _sentence(why), **done})
    return code


if __name__ == "__main__":
    raise SystemExit(main())
