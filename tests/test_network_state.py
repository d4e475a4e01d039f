"""input.network says what the process did, never what an inherited environment variable claims."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from formcheck import privacy
from formcheck.analysis.analyzer import analyzer_for
from formcheck.pipeline import RunOutcome
from formcheck.report.build import build_report
from formcheck.report.html import render_html
from formcheck.report.parts import InputInfo
from formcheck.report.terminal import render
from formcheck.runner import analyze_recording

RECORDING = Path(__file__).resolve().parents[1] / "sample_videos" / "bent_leg_raises.landmarks.jsonl.gz"


@pytest.fixture(autouse=True)
def _fresh_state(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(privacy, "_recorded", None)
    monkeypatch.setenv("FORMCHECK_NETWORK", "isolated")  # a stale claim inherited from a parent shell


def test_allow_network_is_reported_even_with_an_inherited_isolated_claim() -> None:
    privacy.prepare(["formcheck", "analyze", "clip.mp4", "-e", "plank", "--allow-network"])
    assert privacy.network_state() == "reachable (allowed)"


@pytest.fixture(scope="module")
def outcome() -> RunOutcome:
    return analyze_recording(RECORDING, analyzer_for("standing-knee-raise"))


def test_a_process_that_did_not_isolate_says_what_it_can_see(
    monkeypatch: pytest.MonkeyPatch, outcome: RunOutcome
) -> None:
    monkeypatch.setattr(privacy, "only_loopback", lambda: False)
    report = build_report(outcome, input_kind="video", input_path="clip.mp4", model="full")
    assert report.input.network == "reachable (not isolated)"


def test_an_isolated_process_sees_loopback_only() -> None:
    code = "from formcheck.privacy import isolate_network as i, only_loopback as o; print(i(), o())"
    said = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    if said[0] != "None":
        pytest.skip("this system refuses a private network namespace")
    assert said == ["None", "True"]


def test_terminal_and_html_say_when_the_run_had_no_network(outcome: RunOutcome) -> None:
    report = build_report(outcome, input_kind="landmarks", input_path="clip", model=None)
    isolated = replace(report, input=InputInfo("video", "clip.mp4", "full", "isolated"))
    allowed = replace(report, input=InputInfo("video", "clip.mp4", "full", "reachable (allowed)"))
    for shown, said in ((isolated, True), (allowed, False)):
        console = Console(file=io.StringIO(), width=120, color_system=None)
        render(shown, console)
        terminal = console.file.getvalue()  # type: ignore[attr-defined]
        assert ("analysed with no network access" in terminal.splitlines()[1]) is said
        assert ('<span id="network">analysed with no network access</span>' in render_html(shown)) is said
