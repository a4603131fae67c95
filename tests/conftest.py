"""Test set-up: Sphinx's testing fixtures and the MyST test roots.

Each ``tests/roots/test-NAME`` is a small Sphinx project; a test asks for it
with ``@pytest.mark.sphinx("html", testroot="NAME")`` and gets an ``app``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

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
    import subprocess
    import sys

    outdir = tmp_path_factory.mktemp("site") / "html"
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-c",
            str(PROJECT),
            "-b",
            "html",
            "-n",
            "-W",
            "--keep-going",
            "-q",
            str(PROJECT / "docs"),
            str(outdir),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    (outdir.parent / "build-output.txt").write_text(completed.stdout + completed.stderr)
    return outdir


@pytest.fixture(scope="session")
def site_environment(site: Path):
    """The environment of that build, as Sphinx pickled it (entities, toctrees,
    configuration): tests read the knowledge base without building again."""
    import pickle

    with (site / ".doctrees" / "environment.pickle").open("rb") as stream:
        return pickle.load(stream)


# -- browser tests -------------------------------------------------------------------
# Headless Debian Chromium through Playwright, pages served on 127.0.0.1, all
# through the one ``chromium`` fixture. Without Chromium a browser test fails,
# on a workstation as in CI: a missing tool is a setup error, and ``make test``
# installs it first (tests/setup-system.sh), so nothing is skipped silently.

#: the same path tests/setup-system.sh looks for (BRIEFING_CHROMIUM moves both)
CHROMIUM = Path(os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def browser_unavailable(reason: str) -> NoReturn:
    pytest.fail(
        f"browser tests cannot run: {reason}. Run `make test`, which installs what "
        "the tests need (tests/setup-system.sh), or says how."
    )


def serve(directory: Path):
    """Serve ``directory`` on a free port of 127.0.0.1; yields the base URL."""
    import contextlib
    import functools
    import http.server
    import threading

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    @contextlib.contextmanager
    def serving():
        handler = functools.partial(QuietHandler, directory=str(directory))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}"
        finally:
            httpd.shutdown()
            httpd.server_close()
            thread.join()

    return serving()


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium for the module's tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("playwright is not installed")
    if not CHROMIUM.exists():
        browser_unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def site_url(site):
    """The real site served on 127.0.0.1."""
    with serve(site) as url:
        yield url
