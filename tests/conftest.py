"""Shared fixtures: paths to the repo's samples and the (optional) evaluation clips."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_videos"
EVAL = ROOT.parent / "shared" / "eval"

sys.path.insert(0, str(Path(__file__).parent))  # test helpers such as report_helpers


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that runs the real model is in the slow tier (``-m slow``), whether or not it says so."""
    for item in items:
        if item.get_closest_marker("model") is not None and item.get_closest_marker("slow") is None:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _private_training_log(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never write to the real user's training log or log file from a test."""
    folder = tmp_path_factory.mktemp("log")
    monkeypatch.setenv("FORMCHECK_DB", str(folder / "log.sqlite3"))
    monkeypatch.setenv("FORMCHECK_LOG", str(folder / "formcheck.log"))


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def eval_clips() -> Path:
    """../shared/eval/clips, or skip when this machine has no evaluation set."""
    clips = EVAL / "clips"
    if not clips.is_dir():
        pytest.skip("evaluation clips (../shared/eval) not available")
    return clips
