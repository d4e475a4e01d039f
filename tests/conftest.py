"""Shared fixtures: paths to the repo's samples and the (optional) evaluation clips."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_videos"
EVAL = ROOT.parent / "shared" / "eval"

sys.path.insert(0, str(Path(__file__).parent))  # test helpers such as synthetic_standing


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
