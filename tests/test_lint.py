"""The code passes the project's linters, as ``make lint`` runs them.

In the suite so that CI holds every change to ruff's rules and formatting and
to mypy on the extension (configured in ``pyproject.toml``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "_ext", "tests", "benchmarks"],
        ["ruff", "format", "--check", "_ext", "tests", "benchmarks"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_linter_passes(command):
    completed = subprocess.run(
        [str(BIN / command[0]), *command[1:]],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
