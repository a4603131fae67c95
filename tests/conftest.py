"""Test set-up: Sphinx's testing fixtures and the MyST test roots.

Each ``tests/roots/test-NAME`` is a small Sphinx project; a test asks for it
with ``@pytest.mark.sphinx("html", testroot="NAME")`` and gets an ``app``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
PROJECT = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def warning_lines(warning) -> list[str]:
    """The warnings of a build, one per line, with ANSI colours removed."""
    from sphinx.util.console import strip_colors

    return [line for line in strip_colors(warning.getvalue()).splitlines() if line.strip()]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site (``docs/``) built once, as ``make html`` builds it.

    Shared by the tests that check what readers get: validity, accessibility,
    search. The build must pass with ``-n -W --keep-going``.
    """
    import os
    import subprocess
    import sys

    outdir = tmp_path_factory.mktemp("site") / "html"
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    completed = subprocess.run(
        [sys.executable, "-m", "sphinx", "-c", str(PROJECT), "-b", "html", "-n", "-W",
         "--keep-going", "-q", str(PROJECT / "docs"), str(outdir)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return outdir
