"""A throwaway copy of the project's skeleton, for the contributor tools' tests.

The copy has the real ``conf.py`` and ``Makefile``, a small ``docs/index.md``,
and links to this worktree's ``_ext`` and ``.venv``, so ``make check``,
``make serve`` and ``python -m briefing`` run in it as in a fresh clone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).parent.parent
INDEX = "# Test site\n\nA test project.\n"
#: ``make`` must not reinstall the shared venv because pyproject.toml is newer
MAKE = ("make", "--no-print-directory", "-o", ".venv/.installed")


def make_project(root: Path, index: str = INDEX) -> Path:
    (root / "docs").mkdir(parents=True)
    shutil.copy(PROJECT / "conf.py", root / "conf.py")
    shutil.copy(PROJECT / "Makefile", root / "Makefile")
    (root / "_ext").symlink_to(PROJECT / "_ext")
    (root / "_templates").symlink_to(PROJECT / "_templates")
    (root / ".venv").symlink_to((PROJECT / ".venv").resolve())
    (root / "docs" / "index.md").write_text(index, encoding="utf-8")
    return root


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT / "_ext"), "NO_COLOR": "1"}


def briefing(root: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``python -m briefing ARGS`` in ``root``, not in a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=root,
        input=stdin,
        capture_output=True,
        text=True,
        env=environment(),
        timeout=120,
    )
