"""A back-contour fault only when its limit stands well clear of the reading's frame-to-frame noise."""

from __future__ import annotations

import numpy as np

from formcheck.analysis.exercises import _shared
from formcheck.analysis.faults import Fault, Severity
from formcheck.analysis.judge import noise
from formcheck.analysis.results import RepRecord


def contour_series(noise_sd: float, peak: float, seed: int = 3) -> list[float | None]:
    """A set of 300 frames: a slow rise to ``peak`` deg and back, plus frame-to-frame noise (deg)."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0, np.pi, 300)
    values = peak * np.sin(t) + rng.normal(0, noise_sd, t.size)
    return [None if i % 50 == 0 else float(v) for i, v in enumerate(values)]  # a few unmeasured frames


def fault(code: str, rep: int) -> Fault:
    return Fault(code, Severity.ERROR, "lower back arched", rep, 1.0, 2.0, 30.0, 25.0, "deg", "brace")


def test_the_shared_names_are_the_exercises_own() -> None:
    assert (noise.CONTOUR_METRIC, noise.CONTOUR_LIMIT) == (_shared.CONTOUR_METRIC, _shared.CONTOUR_LIMIT)


def test_the_noise_is_measured_from_frame_to_frame_not_from_the_movement() -> None:
    measured = noise.frame_noise(contour_series(2.0, peak=40.0))
    assert measured is not None and 1.6 < measured < 2.4  # the rise to 40 deg is not noise
    assert noise.frame_noise([1.0, None, 2.0]) is None  # too few frames to tell


def test_a_limit_within_three_times_the_noise_is_unsure_and_its_faults_are_withdrawn() -> None:
    config = {noise.CONTOUR_LIMIT: 25.0}
    check = noise.contour_check({noise.CONTOUR_METRIC: contour_series(10.0, peak=30.0)}, config)
    assert check is not None and not check.sure  # 25 deg against about 10 deg of jitter
    faults = [fault("lying-leg-raise.lumbar_arch_contour", 1), fault("lying-leg-raise.knees_bent", 1)]
    reps = [RepRecord(1, "left", 0.0, 1.0, 2.0, {}, ("lying-leg-raise.lumbar_arch_contour", "x.knees_bent"))]
    kept, cleaned = noise.withdraw_unsure(check, faults, reps)
    assert [f.code for f in kept] == ["lying-leg-raise.knees_bent"] and cleaned[0].faults == ("x.knees_bent",)
    said = check.warning()
    assert said.startswith("lower back (back contour): unsure, not judged: the reading moves 1") and "25 deg" in said


def test_a_limit_well_clear_of_the_noise_keeps_its_faults() -> None:
    config = {noise.CONTOUR_LIMIT: 25.0}
    check = noise.contour_check({noise.CONTOUR_METRIC: contour_series(1.0, peak=40.0)}, config)
    assert check is not None and check.sure
    faults = [fault("plank.lumbar_arch_contour", 1)]
    assert noise.withdraw_unsure(check, faults, [])[0] == tuple(faults)


def test_the_margin_is_counted_from_good_form_not_from_zero() -> None:
    config = {noise.CONTOUR_LIMIT: 25.0}
    series = {noise.CONTOUR_METRIC: contour_series(3.0, peak=20.0)}
    assert noise.contour_check(series, config).sure  # type: ignore[union-attr]  # 25 deg above the neutral
    on_good_form = noise.contour_check(series, config, good=26.66)  # good reps of the labelled clips read 26.7
    assert on_good_form is not None and not on_good_form.sure and on_good_form.margin < 0


def test_the_analyzer_withdraws_an_unsure_contour_check_and_says_so() -> None:
    from pathlib import Path

    from formcheck.analysis.analyzer import analyzer_for
    from formcheck.io.landmarks_io import read_frames

    recording = Path(__file__).resolve().parent / "data" / "eval" / "gymlessabs__leg_raises.landmarks.jsonl.gz"
    analyzer = analyzer_for("lying-leg-raise")
    for pose in read_frames(recording):
        analyzer.step(pose)
    jitter = contour_series(3.0, peak=10.0)  # what a mask would have given: recordings hold none
    for frame, value in zip(analyzer.observer.series.frames, jitter * 10, strict=False):
        frame[noise.CONTOUR_METRIC] = float("nan") if value is None else value
    result = analyzer.finish()
    assert result.summary["back_contour"]["verdict"] == "unsure"
    assert any(w.startswith("lower back (back contour): unsure, not judged") for w in result.warnings)
    assert not any(f.code.endswith(".lumbar_arch_contour") for f in result.faults)
