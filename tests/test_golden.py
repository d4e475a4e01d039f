"""Golden reports: every committed recording's JSON report is exactly the stored one.

A change that alters a report must say why and regenerate them (``python tests/golden/regen.py``).
"""

import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "golden"
sys.path.insert(0, str(HERE))

import regen  # noqa: E402

CASES = regen.cases()


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_matches_the_golden_one(name):
    path, exercise = CASES[name]
    stored = json.loads((HERE / f"{name}.report.json").read_text())
    assert regen.report(path, exercise) == stored
