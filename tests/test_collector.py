"""The garbage collector is paced for the build, and given back after it."""

from __future__ import annotations

import gc
import shutil

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
