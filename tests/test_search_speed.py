"""Re-indexing writes only what changed: the new bundle over the previous one,
and the live preview refreshes it after the build.

Pagefind names its files by their content and does not write a file that
exists; :mod:`briefing.search.indexer` therefore keeps the previous bundle
when a page changed, and writes it fresh once stale files would make it half
as large again (structural checks; the time is in ``make bench``).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from briefing.search.indexer import BUNDLE_DIR, BUNDLE_STATE, MAX_GROWTH, reuse_bundle

from conftest import ROOTS


@pytest.fixture
def fresh_root(tmp_path: Path) -> Path:
    srcdir = tmp_path / "search"
    shutil.copytree(ROOTS / "test-search", srcdir)
    return srcdir


def _fragments(bundle: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (bundle / "fragment").iterdir()}


def _fragment_texts(bundle: Path) -> list[str]:
    texts = []
    for path in (bundle / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        texts.append(data.removeprefix(b"pagefind_dcd").decode("utf-8"))
    return texts


def test_a_changed_page_is_indexed_over_the_previous_bundle(make_app, fresh_root) -> None:
    app = make_app("html", srcdir=fresh_root)
    app.build()
    bundle = Path(app.outdir) / BUNDLE_DIR
    before = _fragments(bundle)
    state = json.loads((Path(app.doctreedir) / BUNDLE_STATE).read_text(encoding="utf-8"))
    assert state["fresh_files"] == sum(1 for p in bundle.rglob("*") if p.is_file())

    page = fresh_root / "brussels.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA zanzibarian sentence.\n")
    app = make_app("html", srcdir=fresh_root)
    app.build()
    after = _fragments(bundle)
    # the fragments of unchanged pages and records were not written again ...
    kept = [name for name, mtime in before.items() if after.get(name) == mtime]
    assert len(kept) >= len(before) - 2
    # ... the changed page's text is in a new one, and the entry names a meta file
    # of this bundle
    new = set(after) - set(before)
    assert new and any("zanzibarian" in text for text in _fragment_texts(bundle))
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = entry["languages"]["en"]["hash"]
    assert (bundle / f"pagefind.{meta}.pf_meta").is_file()


def test_a_bundle_grown_by_stale_files_is_written_fresh(tmp_path: Path) -> None:
    bundle = tmp_path / BUNDLE_DIR
    state = tmp_path / BUNDLE_STATE
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    for number in range(9):
        (bundle / "fragment" / f"f{number}").write_text("x", encoding="utf-8")
    # no record of a fresh bundle (a build before this one, or a lost file)
    assert not reuse_bundle(bundle, state)
    state.write_text(json.dumps({"fresh_files": 10}), encoding="utf-8")
    assert reuse_bundle(bundle, state)
    for number in range(9, int(10 * MAX_GROWTH) - 1):
        (bundle / "fragment" / f"f{number}").write_text("x", encoding="utf-8")
    assert reuse_bundle(bundle, state)  # 15 files: at the bound
    (bundle / "fragment" / "one-too-many").write_text("x", encoding="utf-8")
    assert not reuse_bundle(bundle, state)
    # no bundle at all: written fresh
    shutil.rmtree(bundle)
    assert not reuse_bundle(bundle, state)


def test_the_live_preview_refreshes_the_search_after_the_build(make_app, fresh_root) -> None:
    import os
    import time

    from briefing.search.background import LOG_FILE, PID_FILE

    app = make_app("html", srcdir=fresh_root)
    app.build()  # a fresh bundle: written inside the build, even in the preview
    bundle = Path(app.outdir) / BUNDLE_DIR
    page = fresh_root / "brussels.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA quokkalike sentence.\n")
    app = make_app("html", srcdir=fresh_root, confoverrides={"briefing_search_background": True})
    app.build()
    assert "search index: being refreshed in the background" in app._status.getvalue()
    pid_file = Path(app.doctreedir) / PID_FILE
    pid = int(pid_file.read_text(encoding="ascii"))
    # the build returned before the index has the edit; the job catches up
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:  # this test's child: reaped
            break
        time.sleep(0.2)
    else:
        pytest.fail("the background indexing did not end")
    log = (Path(app.doctreedir) / LOG_FILE).read_text(encoding="utf-8")
    assert "in the background" in log, log
    assert not pid_file.exists()
    assert any("quokkalike" in text for text in _fragment_texts(bundle))
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert (bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").is_file()
