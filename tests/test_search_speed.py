"""Re-indexing writes only what changed: the new bundle over the previous one,
and the live preview refreshes it after the build.

Pagefind names its files by their content; :func:`briefing.search.service.write_bundle`
leaves a file that is already there byte for byte and deletes the files the new
index no longer names (structural checks; the time is in ``make bench``).
"""

from __future__ import annotations

import gzip
import json
import shutil
import time
from pathlib import Path

import pytest

from briefing.search.indexer import BUNDLE_DIR
from briefing.search.service import write_bundle

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
    # ... and the changed page's old fragment is gone: one fragment per page and record
    assert len(after) == len(before)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = entry["languages"]["en"]["hash"]
    assert (bundle / f"pagefind.{meta}.pf_meta").is_file()


def test_writing_a_bundle_keeps_identical_files_and_deletes_stale_ones(tmp_path: Path) -> None:
    bundle = tmp_path / BUNDLE_DIR
    (bundle / "fragment").mkdir(parents=True)
    kept = bundle / "fragment" / "same"
    kept.write_bytes(b"unchanged")
    changed = bundle / "pagefind-entry.json"
    changed.write_bytes(b"{}")
    stale = bundle / "index" / "old"
    stale.parent.mkdir()
    stale.write_bytes(b"from the previous bundle")
    kept_mtime = kept.stat().st_mtime_ns
    time.sleep(0.01)
    write_bundle(
        [
            {"path": "fragment/same", "content": b"unchanged"},
            {"path": "pagefind-entry.json", "content": b'{"version": 1}'},
            {"path": "fragment/new", "content": b"a new page"},
        ],
        bundle,
    )
    assert kept.stat().st_mtime_ns == kept_mtime
    assert changed.read_bytes() == b'{"version": 1}'
    assert (bundle / "fragment" / "new").read_bytes() == b"a new page"
    assert not stale.exists() and not stale.parent.exists()
    assert sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()) == [
        "fragment/new",
        "fragment/same",
        "pagefind-entry.json",
    ]


def test_the_live_preview_refreshes_the_search_after_the_build(make_app, fresh_root) -> None:
    import os

    from briefing.preview import LOG_FILE, PID_FILE

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
