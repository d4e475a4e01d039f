"""Help reads as help: flags without a type, --allow-network documented, requires-python what the code needs."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from formcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.mark.parametrize("command", [[], ["analyze"], ["live"], ["batch"], ["history"]])
def test_flags_show_no_bool_type(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0 and "--help" in result.output
    assert "<bool>" not in result.output


def test_allow_network_is_in_the_help() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "160"})
    text = " ".join(result.output.split())
    assert "--allow-network" in text and "no network access" in text


def test_requires_python_is_what_the_code_needs() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    minimum = tuple(int(x) for x in re.fullmatch(r">=(\d+)\.(\d+)", declared).groups())  # type: ignore[union-attr]
    code = "\n".join(p.read_text() for p in (ROOT / "src").rglob("*.py"))
    needs = (3, 11) if re.search(r"^import tomllib|StrEnum|from datetime import UTC", code, re.M) else (3, 10)
    assert minimum == needs
