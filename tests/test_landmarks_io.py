import gzip
import json

import numpy as np
import pytest

from formcheck.core.types import PoseFrame
from formcheck.errors import SourceError
from formcheck.io import landmarks_io as lio


def header():
    return lio.RecordingHeader(lio.SourceInfo("clip.mp4", 29.97, 3, 0.1, (640, 480)), "full", "abc", "0.1.0")


def frames():
    rng = np.random.default_rng(0)
    out = []
    for i in range(3):
        xy = np.round(rng.uniform(0, 600, (33, 2)), 2)
        out.append(
            PoseFrame(
                i,
                round(i / 29.97, 6),
                xy,
                np.round(rng.uniform(0, 1, 33), 4),
                (640, 480),
                world=np.round(rng.normal(0, 0.3, (33, 3)), 4),
            )
        )
    out.append(PoseFrame.missing(3, round(3 / 29.97, 6), (640, 480)))
    return out


@pytest.mark.parametrize("suffix", [".landmarks.jsonl", ".landmarks.jsonl.gz"])
def test_round_trip_is_exact(tmp_path, suffix):
    path = tmp_path / f"x{suffix}"
    with lio.LandmarkWriter(path, header()) as w:
        for f in frames():
            w.write(f)
    back = list(lio.read_frames(path))
    assert len(back) == 4
    for a, b in zip(frames(), back, strict=True):
        assert a.t == b.t and a.index == b.index and a.detected == b.detected
        if a.detected:
            np.testing.assert_array_equal(a.xy, b.xy)
            np.testing.assert_array_equal(a.visibility, b.visibility)
            np.testing.assert_array_equal(a.world, b.world)
    h = lio.read_header(path)
    assert h.source.fps == 29.97 and h.model == "full" and h.source.image_size == (640, 480)
    if suffix.endswith(".gz"):
        assert path.read_bytes()[:2] == b"\x1f\x8b"


def test_interrupted_writer_leaves_no_complete_looking_file(tmp_path):
    path = tmp_path / "x.landmarks.jsonl"
    with pytest.raises(RuntimeError), lio.LandmarkWriter(path, header()) as w:
        w.write(frames()[0])
        raise RuntimeError("boom")
    assert not path.exists()
    assert (tmp_path / "x.landmarks.jsonl.part").exists()


def test_not_a_recording_and_damaged_lines(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"schema": "something/else"}\n')
    with pytest.raises(SourceError, match="not a formcheck landmark recording"):
        lio.read_header(bad)
    with pytest.raises(SourceError, match="no such file"):
        lio.read_header(tmp_path / "missing.jsonl")
    damaged = tmp_path / "damaged.landmarks.jsonl"
    damaged.write_text(json.dumps(header().to_json()) + "\n" + '{"i": 0, "t": 0.0, "xy": [[1, 2\n')
    with pytest.raises(lio.RecordingTruncated, match="breaks off at line 2, after 0 frames") as info:
        list(lio.read_frames(damaged))
    assert info.value.frames_read == 0


def test_a_cut_gzip_recording_yields_every_frame_before_the_break(samples, tmp_path):
    whole = list(lio.read_frames(samples / "bent_leg_raises.landmarks.jsonl.gz"))
    cut = tmp_path / "cut.landmarks.jsonl.gz"
    cut.write_bytes((samples / "bent_leg_raises.landmarks.jsonl.gz").read_bytes()[:30000])
    got = []
    with pytest.raises(lio.RecordingTruncated, match="the compressed file is cut short") as info:
        got.extend(lio.read_frames(cut))
    assert 0 < len(got) == info.value.frames_read < len(whole)
    assert [f.t for f in got] == [f.t for f in whole[: len(got)]]


def test_recordings_are_recognised_by_content_not_name(samples, tmp_path):
    renamed = tmp_path / "run.landmarks"
    renamed.write_bytes((samples / "bent_leg_raises.landmarks.jsonl.gz").read_bytes())
    assert lio.is_recording(renamed)
    assert not lio.is_recording(samples / "bridging.mp4")
    fake = tmp_path / "video.jsonl"
    fake.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    assert not lio.is_recording(fake)


def test_frame_validation():
    with pytest.raises(ValueError, match="33, 2"):
        PoseFrame(0, 0.0, np.zeros((32, 2)), np.zeros(33), (10, 10))
    with pytest.raises(ValueError, match="finite"):
        PoseFrame(0, float("nan"), np.zeros((33, 2)), np.zeros(33), (10, 10))


def test_gz_sniffing_reads_plain_file_with_gz_name(tmp_path):
    path = tmp_path / "plain.landmarks.jsonl.gz"
    path.write_text(json.dumps(header().to_json()) + "\n")
    assert lio.read_header(path).model == "full"
    gz = tmp_path / "real.landmarks.jsonl"
    with gzip.open(gz, "wt") as fh:
        fh.write(json.dumps(header().to_json()) + "\n")
    assert lio.read_header(gz).model == "full"


@pytest.mark.parametrize(
    "damage",
    [
        lambda h: h.pop("source"),
        lambda h: h["source"].pop("duration_s"),
        lambda h: h["source"].update(image_size="big"),
        lambda h: h["source"].update(fps=0),
        lambda h: h["source"].update(fps=None),
    ],
    ids=["no-source", "no-duration", "bad-size", "fps-0", "fps-null"],
)
def test_a_damaged_header_is_refused_with_a_message(tmp_path, damage):
    document = header().to_json()
    damage(document)
    path = tmp_path / "r.landmarks.jsonl"
    path.write_text(json.dumps(document) + "\n")
    with pytest.raises(SourceError, match="header is damaged"):
        lio.read_header(path)
