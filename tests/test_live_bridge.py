"""Live in the browser: the frame framing, the browser's frames as a camera, the worker and its bridge.

Fast tier: the framing, :class:`PipeSource`, the worker's whole session on a replayed landmark
recording (no model: the estimator hands back the recorded poses, frames fed in lock-step), and
:class:`LiveBridge` against a tiny stand-in worker. Slow tier: the real worker and model on real
clips at real-time pace, counting what ``formcheck live --source`` counts.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from formcheck.core.types import Frame, PoseFrame
from formcheck.io.landmarks_io import read_frames
from formcheck.web.live_bridge import LiveBridge
from formcheck.web.live_worker import (
    Messages,
    PipeSource,
    ProtocolError,
    encode_frame,
    encode_stop,
    parse_args,
    read_message,
    run,
)

ROOT = Path(__file__).resolve().parents[1]
RECORDING = ROOT / "sample_videos" / "bent_leg_raises.landmarks.jsonl.gz"
FORMCHECK = ROOT / ".venv" / "bin" / "formcheck"


def blank(width: int = 64, height: int = 48) -> np.ndarray:
    return np.zeros((height, width, 3), np.uint8)


# --- framing ------------------------------------------------------------------------------------------


def test_framing_round_trip():
    stream = io.BytesIO(
        encode_frame(7, 1234.5, b"\xff\xd8jpeg") + encode_frame(8, 1267.0, b"x" * 70_000) + encode_stop()
    )
    assert read_message(stream) == ({"type": "frame", "seq": 7, "t_ms": 1234.5}, b"\xff\xd8jpeg")
    header, jpeg = read_message(stream)  # type: ignore[misc]
    assert header["seq"] == 8 and jpeg == b"x" * 70_000
    assert read_message(stream) == ({"type": "stop"}, b"")
    assert read_message(stream) is None  # a clean end between messages


@pytest.mark.parametrize(
    "data",
    [
        encode_frame(1, 0.0, b"abc")[:-1],  # cut inside the JPEG
        encode_frame(1, 0.0, b"abc")[:3],  # cut inside the length
        b"\x00\x00\x00\x00",  # an empty header
        b"\xff\xff\xff\xff",  # a header far too long
        b"\x00\x00\x00\x02[]",  # not an object
        b"\x00\x00\x00\x02{x",  # not JSON
        b"\x00\x00\x00\x0f" + b'{"type":"jump"}',
        b"\x00\x00\x00\x0a" + b'{"seq":1.5' + b"}",
    ],
)
def test_framing_errors_are_protocol_errors(data):
    with pytest.raises(ProtocolError):
        read_message(io.BytesIO(data))


# --- the browser's frames as a camera --------------------------------------------------------------------


def test_pipe_source_times_are_the_browsers_from_the_first_frame_strictly_increasing():
    times = [5000.0, 5033.0, 5033.0, 5020.0, 5066.5, 5100.0]
    stream = io.BytesIO(b"".join(encode_frame(i, t, b"j") for i, t in enumerate(times)) + encode_stop())
    stops: list[bool] = []
    source = PipeSource(stream, decode=lambda _: blank(), on_stop=lambda: stops.append(True))
    assert source.first() and source.image_size == (64, 48)
    frames = []
    while (frame := source.read()) is not None:
        frames.append(frame)
    assert [f.t for f in frames] == [0.0, 0.033, 0.0665, 0.1]
    assert [f.index for f in frames] == [0, 1, 2, 3] and source.frames_read == 4
    assert source.out_of_order == 2 and source.stopped and not source.eof and stops == [True]
    # the browser's frame numbers, forgotten once asked for (and every earlier one: dropped frames)
    assert source.seq_of(2) == (4, 5066.5) and source.seq_of(0) is None and source.seq_of(3) == (5, 5100.0)


def test_pipe_source_decodes_jpeg_scales_to_the_first_size_and_skips_what_is_not_a_picture():
    import cv2

    def jpeg(w: int, h: int) -> bytes:
        return cv2.imencode(".jpg", np.full((h, w, 3), 128, np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()

    stream = io.BytesIO(
        encode_frame(0, 0.0, jpeg(64, 48)) + encode_frame(1, 40, b"junk") + encode_frame(2, 80, jpeg(128, 96))
    )
    source = PipeSource(stream)
    assert source.first() and source.image_size == (64, 48)
    frames = [source.read(), source.read()]
    assert [f.image.shape for f in frames if f is not None] == [(48, 64, 3), (48, 64, 3)]
    assert source.undecodable == 1
    assert source.read() is None and source.eof and not source.stopped  # the stream closed without a stop


def test_messages_are_json_lines_with_null_for_what_is_not_a_number():
    out = io.StringIO()
    Messages(out).send({"type": "state", "t_ms": float("nan"), "landmarks": [[0.5, float("inf"), 1.0]]})
    assert json.loads(out.getvalue()) == {"type": "state", "t_ms": None, "landmarks": [[0.5, None, 1.0]]}
    assert out.getvalue().count("\n") == 1


def test_worker_module_imports_nothing_heavy_before_it_isolates():
    code = (
        "import sys, threading, formcheck.web.live_worker, formcheck.web.live_bridge\n"
        "heavy = {'numpy', 'cv2', 'mediapipe'} & set(sys.modules)\n"
        "assert not heavy and threading.active_count() == 1, (heavy, threading.enumerate())\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_worker_errors_are_one_json_line(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "formcheck.web.live_worker",
            "--exercise",
            "nope",
            "--out",
            str(tmp_path),
            "--stem",
            "s",
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    (line,) = r.stdout.splitlines()
    message = json.loads(line)
    assert r.returncode == 1 and message["type"] == "error" and "unknown exercise 'nope'" in message["message"]
    assert "Traceback" not in r.stderr
    with pytest.raises(Exception, match="not a plain file name"):
        parse_args(["--exercise", "auto", "--out", "x", "--stem", "../x"])


# --- the worker's session, without the model -------------------------------------------------------------


@pytest.fixture(scope="module")
def poses() -> list[PoseFrame]:
    return list(read_frames(RECORDING))


class ReplayPose:
    """The estimator: the recorded pose of each frame, by order (frames are fed in lock-step: none dropped)."""

    def __init__(self, poses: list[PoseFrame]) -> None:
        self.poses = poses

    def estimate(self, frame: Frame) -> PoseFrame:
        return self.poses[frame.index]

    def close(self) -> None:
        pass

    def __enter__(self) -> ReplayPose:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class Collected(io.StringIO):
    """The worker's stdout: each message parsed; an event per state, for lock-step feeding."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[dict[str, Any]] = []
        self.state = threading.Semaphore(0)

    def write(self, text: str) -> int:
        for line in text.splitlines():
            message = json.loads(line)
            self.messages.append(message)
            if message["type"] == "state":
                self.state.release()
        return len(text)


def run_worker(
    poses: list[PoseFrame], tmp_path: Path, *, stop: bool, count: int | None = None
) -> tuple[int, Collected]:
    """The worker's session in this process on ``count`` recorded poses, each frame sent once the last was analysed."""
    import cv2

    read_fd, write_fd = os.pipe()
    out = Collected()
    jpeg = cv2.imencode(".jpg", np.zeros((108, 192, 3), np.uint8))[1].tobytes()
    chosen = poses[:count] if count is not None else poses

    def feed() -> None:
        with os.fdopen(write_fd, "wb") as pipe:
            for i, pose in enumerate(chosen):
                if i:
                    assert out.state.acquire(timeout=30)
                pipe.write(encode_frame(1000 + i, 8000.0 + pose.t * 1000.0, jpeg))
                pipe.flush()
            if stop:
                assert out.state.acquire(timeout=30)
                pipe.write(encode_stop())

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    args = parse_args(
        [
            "--exercise",
            "standing-knee-raise",
            "--out",
            str(tmp_path / "out"),
            "--stem",
            "s1",
            "--db",
            str(tmp_path / "db"),
            "--athlete",
            "ann",
        ]
    )
    with os.fdopen(read_fd, "rb") as stdin:
        code = run(args, Messages(out), stdin, open_pose=lambda settings: ReplayPose(chosen))  # type: ignore[arg-type,return-value]
    feeder.join(10)
    return code, out


def test_worker_session_counts_states_reports_and_logs(poses, tmp_path):
    from formcheck.log.store import TrainingLog

    code, out = run_worker(poses, tmp_path, stop=True)
    kinds = [m["type"] for m in out.messages]
    assert code == 0 and kinds[0] == "ready" and kinds[-1] == "done" and set(kinds[1:-1]) == {"state"}
    states = out.messages[1:-1]
    assert [s["seq"] for s in states] == [1000 + i for i in range(len(poses))]  # every frame answered, in order
    assert states[-1]["reps"] == 5 and states[-1]["exercise"] == "standing-knee-raise"
    assert {s["knee_above_hip"] for s in states} == {True, False, None}  # None: no person / leg not measurable
    seen = next(s for s in states if s["landmarks"])
    assert len(seen["landmarks"]) == 33 and all(0 <= v <= 1 for v in seen["landmarks"][0] if v is not None)
    done = out.messages[-1]
    assert done["reps"] == 5 and done["status"] == "complete" and done["live"]["frames_processed"] == len(poses)
    report = json.loads(Path(done["report_json"]).read_text())
    assert report["rep_count"] == 5 and report["input"]["kind"] == "camera" and Path(done["report_html"]).is_file()
    with TrainingLog(tmp_path / "db") as log:
        (logged,) = log.sessions(athlete="ann")
        assert [logged["id"]] == done["session_ids"] and logged["input_kind"] == "camera"


def test_worker_stdin_closed_early_reports_what_was_analysed_and_ends_in_error(poses, tmp_path):
    code, out = run_worker(poses, tmp_path, stop=False, count=300)
    last = out.messages[-1]
    assert code == 3 and last["type"] == "error" and "browser stopped sending frames" in last["message"]
    assert last["status"] == "source_lost" and last["live"]["frames_processed"] == 300 and last["reps"] >= 2
    assert json.loads(Path(last["report_json"]).read_text())["status"] == "source_lost"
    assert len(last["session_ids"]) == 1


# --- the bridge, against a stand-in worker -----------------------------------------------------------------

FAKE_WORKER = textwrap.dedent(
    """
    import json, sys, time
    from formcheck.web.live_worker import read_message
    mode = sys.argv[1]
    def say(m):
        sys.stdout.write(json.dumps(m) + "\\n"); sys.stdout.flush()
    if mode == "hang":
        time.sleep(600)
    say({"type": "ready", "model": "full", "network": "isolated"})
    n = 0
    while True:
        msg = read_message(sys.stdin.buffer)
        if msg is None:
            say({"type": "error", "message": "the browser went away."}); sys.exit(3)
        header, jpeg = msg
        if header["type"] == "stop":
            say({"type": "done", "reps": n, "status": "complete"}); sys.exit(0)
        n += 1
        if mode == "die" and n == 2:
            sys.exit(5)
        say({"type": "state", "seq": header["seq"], "t_ms": header["t_ms"], "bytes": len(jpeg)})
    """
)


class FakeBridge(LiveBridge):
    def __init__(self, script: Path, mode: str, messages: list[dict[str, Any]], tmp_path: Path) -> None:
        super().__init__(exercise="auto", db=None, out_dir=tmp_path, stem="s", on_message=messages.append)
        self.script, self.mode = script, mode

    def command(self) -> list[str]:
        return [sys.executable, str(self.script), self.mode]


@pytest.fixture
def fake(tmp_path):
    script = tmp_path / "fake_worker.py"
    script.write_text(FAKE_WORKER)
    made: list[LiveBridge] = []

    def make(mode: str) -> tuple[LiveBridge, list[dict[str, Any]]]:
        messages: list[dict[str, Any]] = []
        bridge = FakeBridge(script, mode, messages, tmp_path)
        made.append(bridge)
        return bridge, messages

    yield make
    for bridge in made:
        bridge.kill()


def wait_for(condition, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


def test_bridge_passes_frames_and_messages_and_finishes(fake):
    bridge, messages = fake("ok")
    bridge.start()
    assert bridge.wait_ready(20) == {"type": "ready", "model": "full", "network": "isolated"}
    for seq in range(5):
        assert bridge.send_frame(seq, 33.0 * seq, b"j" * (1000 + seq))
        wait_for(lambda seq=seq: any(m.get("seq") == seq for m in messages))
    done = bridge.finish(20)
    assert done["type"] == "done" and done["reps"] == 5 and done["frames_dropped_before_worker"] == 0
    states = [m for m in messages if m["type"] == "state"]
    assert [s["bytes"] for s in states] == [1000, 1001, 1002, 1003, 1004]
    assert all(s["latency_ms"] >= 0 for s in states) and len(bridge.latencies_ms) == 5
    assert messages[-1] is done and not bridge.alive
    assert not bridge.send_frame(9, 999.0, b"late")  # finished: nothing more goes out


def test_send_frame_never_blocks_newest_wins(fake):
    bridge, _ = fake("ok")
    bridge.start()
    big = b"x" * 2_000_000  # far more than a pipe holds: the writer blocks, send_frame must not
    started = time.perf_counter()
    for seq in range(40):
        assert bridge.send_frame(seq, float(seq), big)
    assert time.perf_counter() - started < 0.5
    done = bridge.finish(30)
    assert done["type"] == "done" and done["reps"] + bridge.frames_dropped == 40 and bridge.frames_dropped > 0


def test_send_after_the_worker_died_is_false_and_the_page_hears_why(fake):
    bridge, messages = fake("die")
    bridge.start()
    bridge.send_frame(0, 0.0, b"a")
    wait_for(lambda: any(m["type"] == "state" for m in messages))
    bridge.send_frame(1, 33.0, b"b")
    wait_for(lambda: not bridge.alive)
    wait_for(lambda: not bridge.send_frame(2, 66.0, b"c"), timeout=5)
    wait_for(lambda: messages[-1]["type"] == "error")
    assert "stopped unexpectedly (exit code 5)" in messages[-1]["message"]
    assert bridge.finish(5) == messages[-1]


def test_stdin_closed_is_an_error_from_the_worker(fake):
    bridge, messages = fake("ok")
    bridge.start()
    bridge.wait_ready(20)
    proc = bridge._proc
    assert proc is not None and proc.stdin is not None
    with bridge._cond:  # the bridge closes stdin only after a stop; here it closes without one
        bridge._closed = True  # the writer thread lets go of stdin
        bridge._cond.notify_all()
    wait_for(lambda: proc.stdin.closed)  # type: ignore[union-attr]
    wait_for(lambda: bool(messages) and messages[-1]["type"] == "error")
    assert messages[-1]["message"] == "the browser went away."
    proc.wait(10)
    assert proc.returncode == 3


def test_kill_leaves_no_process_and_can_be_repeated(fake):
    bridge, messages = fake("hang")
    bridge.start()
    proc = bridge._proc
    assert proc is not None and bridge.alive
    started = time.monotonic()
    bridge.kill()
    bridge.kill()
    assert time.monotonic() - started < 10 and proc.returncode is not None and not bridge.alive
    with pytest.raises(ProcessLookupError):
        os.kill(proc.pid, 0)  # reaped: no zombie left either
    assert messages and messages[-1]["type"] == "error" and "was stopped" in messages[-1]["message"]
    assert not bridge.send_frame(0, 0.0, b"x")


def test_a_bridge_that_cannot_start_says_so_in_one_sentence(tmp_path):
    from formcheck.errors import FormcheckError

    class Broken(LiveBridge):
        def command(self) -> list[str]:
            return [str(tmp_path / "no-such-python")]

    bridge = Broken(exercise="auto", db=None, out_dir=tmp_path, stem="s", on_message=lambda m: None)
    with pytest.raises(FormcheckError, match="could not be started"):
        bridge.start()
    assert not bridge.started
    bridge.kill()
    with pytest.raises(FormcheckError, match="not a plain file name"):
        LiveBridge(exercise="auto", db=None, out_dir=tmp_path, stem="../x", on_message=lambda m: None).start()


# --- the real worker and model ------------------------------------------------------------------------------


def clip_frames(video: Path) -> list[tuple[float, bytes]]:
    """Each frame of ``video`` as (its time in ms, JPEG at quality 80)."""
    import cv2

    cap = cv2.VideoCapture(str(video))
    frames: list[tuple[float, bytes]] = []
    while True:
        ok, image = cap.read()
        if not ok:
            break
        t_ms = float(cap.get(cv2.CAP_PROP_POS_MSEC))
        frames.append((t_ms, cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()))
    cap.release()
    return frames


def cli_live_count(video: Path, exercise: str, tmp_path: Path) -> dict[str, Any]:
    """What ``formcheck live --source`` (real-time pace, newest frame only) reports."""
    out = tmp_path / "cli.json"
    subprocess.run(
        [str(FORMCHECK), "live", "--source", str(video), "-e", exercise, "--headless", "--no-log", "--json", str(out)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return json.loads(out.read_text())


def through_bridge(video: Path, exercise: str, tmp_path: Path) -> tuple[dict[str, Any], list[float], LiveBridge]:
    """``video`` sent frame by frame through a bridge at its own pace; the final message and the latencies (ms)."""
    frames = clip_frames(video)
    sent_at: dict[int, float] = {}
    latencies: list[float] = []
    messages: list[dict[str, Any]] = []

    def on_message(message: dict[str, Any]) -> None:
        if message["type"] == "state" and message["seq"] in sent_at:
            latencies.append((time.perf_counter() - sent_at[message["seq"]]) * 1000.0)
        messages.append(message)

    db = tmp_path / "log.sqlite3"
    bridge = LiveBridge(
        exercise=exercise, athlete="tester", db=db, out_dir=tmp_path / "live", stem="set1", on_message=on_message
    )
    bridge.start()
    try:
        ready = bridge.wait_ready(120)
        assert ready is not None and ready["type"] == "ready" and ready["network"] == "isolated", ready
        start = time.perf_counter()
        for seq, (t_ms, jpeg) in enumerate(frames):
            delay = start + t_ms / 1000.0 - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            sent_at[seq] = time.perf_counter()
            assert bridge.send_frame(seq, 1.0e6 + t_ms, jpeg)
        done = bridge.finish(120)
    finally:
        bridge.kill()
    assert done["type"] == "done", done
    states = [m for m in messages if m["type"] == "state"]
    assert states and all(len(s["landmarks"]) in (0, 33) for s in states)
    assert [s["seq"] for s in states] == sorted(s["seq"] for s in states)
    assert done["live"]["frames_captured"] + done["frames_dropped_before_worker"] <= len(frames)
    assert done["live"]["frames_processed"] + done["live"]["frames_dropped"] == done["live"]["frames_captured"]
    report = json.loads(Path(done["report_json"]).read_text())
    assert report["input"]["network"] == "isolated" and Path(done["report_html"]).is_file()
    assert report["live"]["frames_dropped"] == done["live"]["frames_dropped"]
    from formcheck.log.store import TrainingLog

    with TrainingLog(db) as log:
        assert [s["id"] for s in log.sessions(athlete="tester")] == done["session_ids"] != []
    return done, latencies, bridge


def latency_line(what: str, latencies: list[float], done: dict[str, Any]) -> str:
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else latencies[0]
    live = done["live"]
    return (
        f"{what}: send_frame -> state median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms "
        f"({len(latencies)} states); worker: {live['frames_captured']} captured, {live['frames_processed']} "
        f"processed, {live['frames_dropped']} dropped, capture->overlay {live['latency_ms']}; "
        f"{done['frames_dropped_before_worker']} dropped before the worker; reps {done['reps']}"
    )


@pytest.mark.model
def test_bridge_on_the_sample_counts_what_live_counts(samples, tmp_path):
    video = samples / "bridging.mp4"
    done, latencies, _ = through_bridge(video, "standing-knee-raise", tmp_path)
    cli = cli_live_count(video, "standing-knee-raise", tmp_path)
    print(latency_line("bridging.mp4", latencies, done), "| cli reps", cli["rep_count"])
    assert done["reps"] == cli["rep_count"] and done["exercise"] == cli["exercise"] == "standing-knee-raise"
    assert "frames_dropped" in done["live"] and done["status"] == "complete"


@pytest.mark.model
@pytest.mark.eval
def test_bridge_on_knee_raises_counts_what_live_counts(eval_clips, tmp_path):
    video = eval_clips / "wahoo" / "bent_leg_raises.mp4"
    done, latencies, _ = through_bridge(video, "standing-knee-raise", tmp_path)
    cli = cli_live_count(video, "standing-knee-raise", tmp_path)
    print(latency_line("bent_leg_raises.mp4", latencies, done), "| cli reps", cli["rep_count"])
    assert done["reps"] == cli["rep_count"] == 5


@pytest.mark.model
def test_real_worker_whose_browser_goes_away_reports_what_it_analysed(samples, tmp_path):
    frames = clip_frames(samples / "bridging.mp4")[:30]
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "formcheck.web.live_worker", "--exercise", "standing-knee-raise", "--out",
            str(tmp_path), "--stem", "gone", "--db", str(tmp_path / "log.sqlite3"), "--parent", str(os.getpid()),
        ],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdin is not None
    for seq, (t_ms, jpeg) in enumerate(frames):
        proc.stdin.write(encode_frame(seq, t_ms, jpeg))
        proc.stdin.flush()
        time.sleep(0.033)
    proc.stdin.close()
    assert proc.stdout is not None and proc.stderr is not None
    err_reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    errors: list[bytes] = []
    err_reader.start()
    out = proc.stdout.read()
    proc.wait(120)
    err_reader.join(10)
    err = errors[0]
    lines = [json.loads(line) for line in out.decode().splitlines()]  # stdout: JSON lines only
    assert proc.returncode == 3 and lines[0]["type"] == "ready" and lines[-1]["type"] == "error"
    assert "browser stopped sending frames" in lines[-1]["message"] and Path(lines[-1]["report_json"]).is_file()
    assert b"Traceback" not in err


def running(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


SERVER = textwrap.dedent(
    """
    import sys, threading, time
    from pathlib import Path
    from formcheck.web.live_bridge import LiveBridge
    bridge = LiveBridge(exercise="standing-knee-raise", db=None, log=False, out_dir=Path(sys.argv[1]), stem="x",
                        on_message=lambda m: None)
    def start():  # in a thread that ends once the worker is up, as a pool thread of asyncio.to_thread may
        bridge.start()
        assert bridge.wait_ready(120)["type"] == "ready"
    starter = threading.Thread(target=start)
    starter.start(); starter.join()
    time.sleep(1.5)
    print(bridge._proc.pid, flush=True)
    time.sleep(600)
    """
)


@pytest.mark.model
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_worker_outlives_the_thread_that_started_it_but_not_the_server(tmp_path):
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        pid = int(server.stdout.readline())
        assert running(pid)  # the starting thread ended long ago: the worker is still there
        server.kill()  # kill -9 of the server
        server.wait(10)
        wait_for(lambda: not running(pid), timeout=10)
    finally:
        server.kill()
