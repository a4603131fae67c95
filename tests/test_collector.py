"""The garbage collector is paced for the build, and given back after it."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys

import pytest

from briefing.collector import BUILD_THRESHOLDS


@pytest.fixture
def own_thresholds():
    saved = gc.get_threshold()
    gc.set_threshold(500, 5, 5)
    yield (500, 5, 5)
    gc.set_threshold(*saved)


@pytest.mark.parametrize("fails", [False, True])
def test_a_build_paces_the_collector_and_restores_it(
    make_app, rootdir, tmp_path, own_thresholds, fails
):
    shutil.copytree(rootdir / "test-contract", tmp_path / "src")
    app = make_app("html", srcdir=tmp_path / "src", builddir=tmp_path / "out")
    during = []

    def look(app, env):
        during.append(gc.get_threshold())
        if fails:
            raise RuntimeError("a handler failed")

    app.connect("env-updated", look)
    if fails:
        with pytest.raises(Exception, match="a handler failed"):
            app.build()
    else:
        app.build()
    assert during == [BUILD_THRESHOLDS]
    assert gc.get_threshold() == own_thresholds


def test_the_objects_alive_at_exit_are_left_out_of_the_last_collection(rootdir, tmp_path):
    # an exit handler registered before the build runs after the extension's
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
        "from sphinx.cmd.build import build_main\n"
        "sys.exit(build_main(sys.argv[1:]))\n"
    )
    shutil.copytree(rootdir / "test-contract", tmp_path / "src")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "-q",
            "-b",
            "html",
            str(tmp_path / "src"),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "frozen at exit: True"
